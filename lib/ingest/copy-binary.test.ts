import { once } from "node:events";
import { isIP } from "node:net";
import fc from "fast-check";
import { from as copyFrom } from "pg-copy-streams";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgPool } from "@/lib/db/pool";
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, recycleRowBuffers, RowsOut, textValue, uuidBytes } from "./copy-binary";

// The binary COPY writer, read back by PostgreSQL itself: every kind of value, rows across
// buffers of every size, and addresses in every text form the parser lets through.

let client: pg.PoolClient;
beforeAll(async () => {
  client = await pgPool().connect();
  await client.query(`CREATE TEMP TABLE copy_binary_probe (t text, i4 integer, i8 bigint, b boolean, u uuid, ts timestamptz(3), ip inet)`);
});
afterAll(() => client.release());

async function copyRows(parts: Buffer[]): Promise<void> {
  await client.query("TRUNCATE copy_binary_probe");
  const stream = client.query(copyFrom("COPY copy_binary_probe FROM STDIN (FORMAT binary)"));
  const done = once(stream, "finish");
  for (const p of [COPY_BINARY_HEADER, ...parts, COPY_BINARY_TRAILER]) stream.write(p);
  stream.end();
  await done;
}

/** Whole rows only in each part: walks the field counts and lengths to the part's end. */
function rowsIn(part: Buffer): number {
  let p = 0;
  let rows = 0;
  while (p < part.length) {
    const fields = part.readInt16BE(p);
    p += 2;
    for (let f = 0; f < fields; f++) {
      const len = part.readInt32BE(p);
      p += 4 + Math.max(len, 0);
    }
    rows++;
  }
  expect(p).toBe(part.length);
  return rows;
}

const TEXTS = [
  "", "plain", "tab\there", "line\nend", "cr\rx", "back\\slash", "dom\\user", "nul\0byte", "\x01\x1f ctl", "ü non-ASCII", "ログ\tタブ",
  "🙂 pair", "\ud800 lone", "quote\"s,commas", "x".repeat(5000), "\\".repeat(3000) + "\0".repeat(100), "ü\0" + "\t".repeat(50), null,
];
/** What PostgreSQL holds for a text: NUL and lone surrogates become U+FFFD. */
const stored = (t: string | null) => (t === null ? null : Buffer.from(t.replace(/\0/g, "\uFFFD"), "utf8").toString("utf8"));

describe("RowsOut (binary COPY)", () => {
  it("writes every value so that PostgreSQL reads back the same, with rows crossing buffers of any size", async () => {
    const ints = [0, 1, 7, 255, 256, 65535, 65536, 2 ** 31 - 1, -(2 ** 31), -1, null];
    const bigs = [0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 53, 2 ** 60, 2 ** 63 - 1024, -1, -(2 ** 32) - 1, -(2 ** 63), null];
    const times = [Date.UTC(2021, 11, 1, 0, 0, 0), Date.UTC(2021, 10, 30, 15, 0, 0), Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2000, 0, 1), Date.UTC(1970, 0, 1), Date.UTC(2038, 0, 19, 3, 14, 8, 123)];
    const uuid = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    for (const size of [16, 64, 1 << 20]) {
      const out = new RowsOut(size);
      const want: unknown[][] = [];
      let k = 0;
      for (const t of TEXTS) {
        for (let j = 0; j < 6; j++, k++) {
          const i4 = ints[k % ints.length]!;
          const i8 = bigs[k % bigs.length]!;
          const ts = times[k % times.length]!;
          out.beginRow(7);
          out.text(t);
          out.int4(i4);
          out.int8(i8);
          out.bool(k % 2 === 0);
          out.uuid(uuidBytes(uuid));
          out.timestamptz(ts);
          if (k % 3 === 0) out.inet4(0xc0000201 + k);
          else out.inet(k % 3 === 1 ? "2001:db8::" + k.toString(16) : null);
          out.endRow();
          const ip = k % 3 === 0 ? `192.0.2.${1 + k}` : k % 3 === 1 ? "2001:db8::" + k.toString(16) : null;
          want.push([stored(t), i4, i8 === null ? null : BigInt(i8).toString(), k % 2 === 0, uuid, new Date(ts).toISOString(), ip]);
        }
      }
      const parts = out.flush();
      expect(parts.reduce((n, p) => n + rowsIn(p), 0)).toBe(want.length);
      if (size < 1 << 20) expect(parts.length).toBeGreaterThan(want.length / 4); // rows crossed buffer ends, and moved whole
      await copyRows(parts);
      const { rows } = await client.query<{ r: unknown[] }>(
        `SELECT ARRAY[t, i4::text, i8::text, b::text, u::text, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), host(ip)] AS r FROM copy_binary_probe`,
      );
      const got = rows.map((r) => r.r.map((v, i) => (v === null ? null : i === 1 ? Number(v) : i === 3 ? v === "true" : v)));
      expect(got).toEqual(want);
    }
  });

  it("writes a range of bytes exactly as text() writes the same ASCII string, NUL included", () => {
    const ascii = ["", "plain", "nul\0byte", "\0", "tab\tand\\back", "\x01\x7f"];
    for (const t of ascii) {
      const bytes = Buffer.from(`<${t}>`, "latin1");
      const a = new RowsOut(64);
      a.range(bytes, 1, bytes.length - 1);
      const b = new RowsOut(64);
      b.text(t);
      expect(Buffer.concat(a.flush())).toEqual(Buffer.concat(b.flush()));
    }
    const out = new RowsOut(64);
    out.range(Buffer.from("x"), -1, -1);
    expect(Buffer.concat(out.flush())).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff])); // NULL
  });

  it("writes a value made once (textValue) exactly as text() writes its string", () => {
    for (const t of TEXTS) {
      const a = new RowsOut(64);
      a.value(textValue(t));
      const b = new RowsOut(64);
      b.text(t);
      expect(Buffer.concat(a.flush())).toEqual(Buffer.concat(b.flush()));
    }
  });

  it("refuses numbers that do not fit their column instead of wrapping them", () => {
    const out = new RowsOut(64);
    expect(() => out.int4(2 ** 31)).toThrow(RangeError);
    expect(() => out.int4(1.5)).toThrow(RangeError);
    expect(() => out.int8(2 ** 63)).toThrow(RangeError);
    expect(() => out.int8(1e30)).toThrow(RangeError);
    expect(() => out.inet("not-an-address")).toThrow(RangeError);
  });

  it("writes every address the parser accepts (isIP) as PostgreSQL's inet input would read its text", async () => {
    const fixed = [
      "0.0.0.0", "255.255.255.255", "192.0.2.1", "::", "::1", "1::", "2001:db8::1", "2001:DB8::A:b", "::ffff:192.0.2.1", "::192.0.2.1", "1:2:3:4:5:6:7:8",
      "1:2:3:4:5:6:192.0.2.1", "fe80::1:2", "0:0:0:0:0:0:0:0", "2001:0db8:0000:0000:0000:ff00:0042:8329", "1::2:3", "1:2::3:4:5:6:7",
    ];
    const hex = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    const v6 = fc.tuple(fc.array(hex, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), fc.boolean()).map(([h, a, b, upper]) => {
      const from = Math.min(a, b);
      const to = Math.max(a, b);
      const text = to - from >= 2 ? `${h.slice(0, from).join(":")}::${h.slice(to).join(":")}` : h.join(":");
      return upper ? text.toUpperCase() : text;
    });
    const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join("."));
    const addresses = [...fixed, ...fc.sample(fc.oneof(v6, v4), 400)].filter((a) => isIP(a) !== 0);
    expect(addresses.length).toBeGreaterThan(300);
    const out = new RowsOut();
    for (const a of addresses) {
      out.beginRow(7);
      out.text(a);
      for (let i = 0; i < 5; i++) out.nul();
      out.inet(a);
      out.endRow();
    }
    await copyRows(out.flush());
    const { rows } = await client.query<{ t: string; same: boolean }>(`SELECT t, ip = t::inet AND family(ip) = family(t::inet) AS same FROM copy_binary_probe`);
    expect(rows).toHaveLength(addresses.length);
    expect(rows.filter((r) => !r.same)).toEqual([]);
  });

  it("keeps what it flushed when more rows come after", () => {
    const out = new RowsOut(64);
    out.beginRow(1);
    out.text("a");
    out.endRow();
    const first = Buffer.concat(out.flush());
    out.beginRow(1);
    out.text("b");
    out.endRow();
    const row = (t: string) => Buffer.from([0, 1, 0, 0, 0, 1, t.charCodeAt(0)]);
    expect(first).toEqual(row("a"));
    expect(Buffer.concat(out.flush())).toEqual(Buffer.concat([row("a"), row("b")]));
  });
});

describe("row buffers handed back", () => {
  it("are filled again by the next rows, once each, and only if they are whole 1 MB row buffers", () => {
    const rowOf = (out: RowsOut, t: string) => {
      out.beginRow(1);
      out.text(t);
      out.endRow();
    };
    const first = new RowsOut();
    rowOf(first, "a row");
    const [written] = first.flush();
    const reused = written!.buffer;
    recycleRowBuffers([reused, reused]); // given twice: kept once
    const small = new RowsOut(64);
    rowOf(small, "x");
    recycleRowBuffers([small.flush()[0]!.buffer]); // not a row buffer's size: left to the GC

    const next = new RowsOut();
    rowOf(next, "another row");
    const [again] = next.flush();
    expect(again!.buffer).toBe(reused);
    expect(again!.subarray(6).toString()).toBe("another row");
    const after = new RowsOut();
    rowOf(after, "third");
    expect(after.flush()[0]!.buffer).not.toBe(reused); // it was taken once, not twice
  });
});
