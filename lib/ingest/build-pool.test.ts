import { writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { recycleRowBuffers, RowsOut } from "./batch-builder";
import { copyText } from "./copy-text";
import { BatchBuffers, readBatches } from "./build-pool";
import { tempDirs } from "@/lib/testing/temp-dirs";

const dir = tempDirs()("mamori-batches-");

// Lines of every size around the 1 MB read chunk, a CRLF line, an empty line and a last line
// without a line end: what readBatches yields, put back together, must be the file.
const lines = Array.from({ length: 40 }, (_, i) => (i === 17 ? "x".repeat(1_500_000) : i === 23 ? "crlf line\r" : i === 30 ? "" : `line ${i} ${"日本語".repeat(i * 997)}`));
const text = lines.join("\n") + "\nlast line without an end";
const plain = path.join(dir, "plain.log");
const gz = path.join(dir, "packed.log.gz");
await writeFile(plain, text);
await writeFile(gz, gzipSync(text));
const totalLines = lines.length + 1;

async function readAll(file: string, batchLines: number, skip: number) {
  const buffers = new BatchBuffers(2);
  const batches: { firstLine: number; lineCount: number; bytes: Buffer }[] = [];
  for await (const b of readBatches(file, batchLines, skip, buffers)) {
    batches.push({ firstLine: b.firstLine, lineCount: b.lineCount, bytes: Buffer.from(b.bytes) });
    buffers.give(b.bytes.buffer); // reused by the next batches, as after a build
  }
  return batches;
}

describe("readBatches", () => {
  for (const [name, file] of [["plain", plain], ["gzip", gz]] as const) {
    for (const skip of [0, 5, 17, 18, totalLines - 1, totalLines]) {
      it(`gives back the ${name} file's lines after line ${skip}, in batches of whole lines, through reused buffers`, async () => {
        const batches = await readAll(file, 7, skip);
        const expected = Buffer.from(text.split("\n").slice(skip).join("\n") + "", "utf8");
        const got = Buffer.concat(batches.map((b) => b.bytes));
        expect(got.equals(skip >= totalLines ? Buffer.alloc(0) : expected)).toBe(true);
        let next = skip + 1;
        for (const b of batches) {
          expect(b.firstLine).toBe(next);
          expect(b.bytes.toString("utf8").split("\n").filter((_, i, a) => i < a.length - 1 || a[i] !== "").length).toBe(b.lineCount);
          next += b.lineCount;
        }
        expect(next - 1).toBe(skip >= totalLines ? skip : totalLines);
      });
    }
  }
});

describe("readBatches on a file of short lines", () => {
  it("cuts many batches out of one read, each starting where the last one ended", async () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `line ${i}`).join("\n") + "\n"; // ~1.2 MB: two reads
    const file = path.join(dir, "short.log");
    await writeFile(file, text);
    const batches = await readAll(file, 1000, 1500);
    expect(batches.map((b) => b.firstLine)).toEqual(Array.from({ length: 99 }, (_, k) => 1501 + 1000 * k));
    expect(batches.map((b) => b.lineCount)).toEqual([...Array(98).fill(1000), 500]);
    expect(Buffer.concat(batches.map((b) => b.bytes)).toString()).toBe(text.split("\n").slice(1500).join("\n"));
  });
});

describe("RowsOut", () => {
  const asText = (parts: Buffer[]) => Buffer.concat(parts).toString("utf8");

  it("writes rows as UTF-8 into buffers of its size, never splitting a row or a character", () => {
    const out = new RowsOut(64);
    const rows = Array.from({ length: 200 }, (_, i) => [i, "ログ".repeat(i % 9), i % 13 === 0 ? "🙂".repeat(20) : "x"] as const);
    for (const [n, a, b] of rows) {
      out.num(n);
      out.text(a);
      out.plain(b);
      out.endRow();
    }
    const parts = out.flush();
    expect(asText(parts)).toBe(rows.map((r) => r.join("\t") + "\n").join(""));
    for (const p of parts) {
      const s = p.toString("utf8");
      expect(s.endsWith("\n")).toBe(true); // whole rows only
      // A bigger buffer is made only for a row that did not fit one of 64 bytes (room for 3 bytes per character).
      if (p.length > 64) expect(Buffer.byteLength(s.slice(0, s.indexOf("\n") + 1)) * 3).toBeGreaterThan(64);
    }
  });

  it("writes each field exactly as the string form of COPY text would", () => {
    // The string forms the event rows were built from before RowsOut wrote fields itself.
    const copyNum = (v: number | null) => (v === null || !Number.isFinite(v) ? "\\N" : String(v));
    const copyBool = (v: boolean) => (v ? "t" : "f");
    const texts = [
      "", "plain", "tab\there", "line\nend", "cr\rx", "back\\slash", "dom\\user", "nul\0byte", "\x01\x1f ctl", "ü non-ASCII", "ログ\tタブ",
      "🙂 pair", "\ud800 lone", "quote\"s,commas", "x".repeat(5000), "\\".repeat(3000) + "\0".repeat(100), "ü" + "\t".repeat(50),
    ];
    const nums = [0, 7, 9, 10, 99, 100, 999, 1000, 9999, 10000, 65535, 99999, 100000, 999999, 1e6, 9999999, 1e7, 99999999, 1e8, 999999999, 1e9, 2 ** 31 - 1, 2 ** 31, 4294967296, 2 ** 53 - 1, 2 ** 53, 1.5, -1, -0, 1e21, NaN, Infinity, null];
    // A small buffer size makes rows cross buffers at every kind of field.
    for (const size of [16, 64, 1 << 20]) {
      const out = new RowsOut(size);
      let want = "";
      for (const t of texts) {
        for (const n of nums) {
          out.text(t);
          out.num(n);
          out.plain("192.0.2.1");
          out.bool(t.length % 2 === 0);
          out.text(null);
          out.endRow();
          want += `${copyText(t)}\t${copyNum(n)}\t192.0.2.1\t${copyBool(t.length % 2 === 0)}\t\\N\n`;
        }
      }
      const bytes = Buffer.concat(out.flush());
      expect(bytes.toString("utf8")).toBe(Buffer.from(want, "utf8").toString("utf8"));
      expect(bytes.equals(Buffer.from(want, "utf8"))).toBe(true); // byte for byte, lone surrogates included
    }
  });

  it("keeps what it flushed when more rows come after", () => {
    const out = new RowsOut(64);
    out.plain("a");
    out.num(1);
    out.endRow();
    const first = Buffer.concat(out.flush());
    out.plain("b");
    out.num(2);
    out.endRow();
    expect(first.toString()).toBe("a\t1\n");
    expect(Buffer.concat(out.flush()).toString()).toBe("a\t1\nb\t2\n");
  });
});

describe("row buffers handed back", () => {
  it("are filled again by the next rows, once each, and only if they are whole 1 MB row buffers", () => {
    const first = new RowsOut();
    first.text("a row");
    first.endRow();
    const [written] = first.flush();
    const reused = written!.buffer;
    recycleRowBuffers([reused, reused]); // given twice: kept once
    const small = new RowsOut(64);
    small.text("x");
    small.endRow();
    recycleRowBuffers([small.flush()[0]!.buffer]); // not a row buffer's size: left to the GC

    const next = new RowsOut();
    next.text("another row");
    next.endRow();
    const [again] = next.flush();
    expect(again!.buffer).toBe(reused);
    expect(again!.toString()).toBe("another row\n");
    const after = new RowsOut();
    after.text("third");
    after.endRow();
    expect(after.flush()[0]!.buffer).not.toBe(reused); // it was taken once, not twice
  });
});
