import { describe, expect, it } from "vitest";
import { datagramMessages, SyslogFramer } from "./framing";

const text = (bs: Buffer[]) => bs.map((b) => b.toString("utf8"));

describe("RFC 6587 framing", () => {
  it("reads newline-framed lines, including bare PAN-OS lines that start with a digit", () => {
    const f = new SyslogFramer();
    expect(text(f.push(Buffer.from("<14>Dec 01 a\r\n1,2021/12/01 00:00:00,SN,TRAFFIC\n\npart")))).toEqual(["<14>Dec 01 a", "1,2021/12/01 00:00:00,SN,TRAFFIC"]);
    expect(text(f.push(Buffer.from("ial\n")))).toEqual(["partial"]);
  });

  it("reads octet-counted frames split anywhere, and mixes them with newline frames", () => {
    const msg1 = "<14>one two";
    const msg2 = "<14>line\nwith newline";
    const wire = Buffer.from(`${Buffer.byteLength(msg1)} ${msg1}${Buffer.byteLength(msg2)} ${msg2}plain line\n5 abcde`);
    for (let cut = 1; cut < wire.length; cut++) {
      const f = new SyslogFramer();
      const out = [...f.push(wire.subarray(0, cut)), ...f.push(wire.subarray(cut))];
      expect(text(out)).toEqual([msg1, "<14>line with newline", "plain line", "abcde"]);
    }
  });

  it("counts bytes, not characters, in octet counting", () => {
    const msg = "<14>日本語";
    const f = new SyslogFramer();
    expect(text(f.push(Buffer.from(`${Buffer.byteLength(msg)} ${msg}`)))).toEqual([msg]);
  });

  it("cuts a line with no newline at maxFrame instead of buffering without bound", () => {
    const f = new SyslogFramer(1024);
    const out = f.push(Buffer.alloc(3000, "x"));
    expect(out.map((b) => b.length)).toEqual([1024, 1024]);
    expect(f.stats.oversized).toBe(2);
    expect(text(f.end())).toEqual(["x".repeat(952)]);
  });

  it("splits a datagram into its messages", () => {
    expect(text(datagramMessages(Buffer.from("<14>a\n<14>b\r\n\0")))).toEqual(["<14>a", "<14>b"]);
  });
});
