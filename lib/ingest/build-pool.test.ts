import { writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
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
