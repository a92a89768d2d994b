import { describe, expect, it } from "vitest";
import { ByteInterner } from "./byte-interner";

const bytes = (s: string) => Buffer.from(s, "latin1");
const text = (buf: Buffer) => (a: number, b: number) => buf.toString("latin1", a, b);

describe("ByteInterner", () => {
  it("gives the same string object for the same bytes, wherever they are, and makes it once", () => {
    const strings = new ByteInterner();
    const buf = bytes("xx,tcp,allow,tcp,");
    let made = 0;
    const make = (a: number, b: number) => (made++, text(buf)(a, b));
    const first = strings.get(buf, 3, 6, make);
    const again = strings.get(buf, 13, 16, make);
    expect(first).toBe("tcp");
    expect(again).toBe(first);
    expect(made).toBe(1);
    expect(strings.get(buf, 7, 12, make)).toBe("allow");
    expect(strings.get(buf, 3, 3, make)).toBe(""); // empty range
    expect(made).toBe(3);
  });

  it("keeps every value apart as the table grows, starts over past its size, and never keeps long values", () => {
    const strings = new ByteInterner(8, 5000);
    const buf = bytes(Array.from({ length: 4000 }, (_, i) => `v${i}`).join(","));
    const ranges: [number, number][] = [];
    for (let a = 0; a < buf.length; ) {
      let b = buf.indexOf(44, a);
      if (b < 0) b = buf.length;
      ranges.push([a, b]);
      a = b + 1;
    }
    for (const [a, b] of ranges) expect(strings.get(buf, a, b, text(buf))).toBe(buf.toString("latin1", a, b));
    for (const [a, b] of ranges) expect(strings.get(buf, a, b, () => "made again")).toBe(buf.toString("latin1", a, b));
    // More distinct values than maxSize: the table starts over and still answers right.
    const more = new ByteInterner(8, 100);
    for (const [a, b] of ranges) expect(more.get(buf, a, b, text(buf))).toBe(buf.toString("latin1", a, b));
    const long = bytes("a-value-longer-than-eight");
    expect(strings.get(long, 0, long.length, text(long))).toBe("a-value-longer-than-eight");
    expect(strings.get(long, 0, long.length, () => "fresh")).toBe("fresh");
  });
});
