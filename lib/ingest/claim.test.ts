import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { uniq } from "@/lib/testing/helpers";
import { ingestFiles } from "./ingest";
import { contentHead, HEAD_BYTES, sha256File } from "./source";
import { trafficLine } from "./test-lines";

// A file's identity (claim.ts): new content is claimed by its head and hashed while it is read;
// these tests hold the exactly-once promises that the whole-file hash used to keep.

const dir = mkdtempSync(path.join(tmpdir(), "mamori-claim-"));

async function tenant() {
  const slug = uniq("clm");
  const c = await createCustomer({ slug, name: "識別テスト", internalNetworks: "192.0.2.0/24" }, CLI_ACTOR);
  const serial = uniq("SN").toUpperCase().replace(/-/g, "");
  await createDevice({ customerSlug: slug, hostname: "fw", serial, model: "PA-3220", ip: "192.0.2.13" }, CLI_ACTOR);
  return { customerId: c.id, serial };
}

/** n distinct lines from `from` on; `variant` changes every line's destination port. */
function lines(serial: string, from: number, n: number, variant = 0): string[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const t = `2021/12/${String(1 + (i % 28)).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:${String((i >> 6) % 60).padStart(2, "0")}`;
    return trafficLine({ time: t, serial, src: `192.0.2.${i % 250}`, dst: `8.8.${(i >> 8) % 250}.${i % 250}`, dport: 1000 + (i % 5000) + variant });
  });
}

function write(name: string, ls: string[]): string {
  const file = path.join(dir, `${uniq(name)}.log`);
  writeFileSync(file, ls.join("\n") + "\n");
  return file;
}

async function eventCount(customerId: string): Promise<number> {
  const r = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM events WHERE customer_id = ${customerId}::uuid`;
  return Number(r[0]!.n);
}

const files = (customerId: string) => prisma.ingestFile.findMany({ where: { customerId }, orderBy: { id: "asc" } });

/** Dies (as kill -9 would, between commits) once `lines` lines are committed. */
const dieAfter = (lines: number) => (committed: number) => {
  if (committed >= lines) throw new Error("killed");
};

describe("file identity", () => {
  // ~4,000 lines make more than a head (1 MiB).
  const HEAD_LINES = 4000;

  it("claims new content at once and records its sha256 and its committed bytes as it is read", async () => {
    const t = await tenant();
    const ls = lines(t.serial, 0, HEAD_LINES + 1234);
    const file = write("new", ls);
    expect(statSync(file).size).toBeGreaterThan(HEAD_BYTES);
    for (const threads of [0, 2]) {
      const u = threads ? await tenant() : t;
      const f = threads ? write("new", lines(u.serial, 0, HEAD_LINES + 1234)) : file;
      expect(await ingestFiles(u, [f], { batchLines: 1000, threads })).toMatchObject({ accepted: ls.length, skipped: 0 });
      const [row] = await files(u.customerId);
      expect(row).toMatchObject({
        status: "done",
        sha256: (await sha256File(f)).sha256,
        headSha256: (await contentHead(f)).headSha256,
        bytesCommitted: BigInt(statSync(f).size),
        prefixSha256: (await sha256File(f)).sha256,
      });
      expect(await ingestFiles(u, [f], { batchLines: 1000, threads })).toMatchObject({ accepted: 0, skipped: 1 });
    }
  }, 60_000);

  it("ingests a file that starts with the same MiB as one done as new content", async () => {
    const t = await tenant();
    const a = write("a", lines(t.serial, 0, HEAD_LINES + 500));
    const b = write("b", [...lines(t.serial, 0, HEAD_LINES), ...lines(t.serial, 90_000, 700)]);
    expect((await contentHead(a)).headSha256).toBe((await contentHead(b)).headSha256);
    await ingestFiles(t, [a], { batchLines: 1000 });
    expect(await ingestFiles(t, [b], { batchLines: 1000 })).toMatchObject({ accepted: HEAD_LINES + 700, skipped: 0 });
    expect(await eventCount(t.customerId)).toBe(2 * HEAD_LINES + 1200);
    expect((await files(t.customerId)).map((f) => [f.status, f.sha256])).toEqual([
      ["done", (await sha256File(a)).sha256],
      ["done", (await sha256File(b)).sha256],
    ]);
  }, 60_000);

  it("resumes new content killed before its hash was known, and only with content that starts with what it committed", async () => {
    const t = await tenant();
    const total = HEAD_LINES + 2000;
    const a = write("a", lines(t.serial, 0, total));
    // Same head, but a different line 4,500: within what the killed ingest of a committed.
    const bLines = lines(t.serial, 0, total);
    bLines[4500] = lines(t.serial, 4500, 1, 7)[0]!;
    const b = write("b", bLines);
    expect((await contentHead(a)).headSha256).toBe((await contentHead(b)).headSha256);

    await expect(ingestFiles(t, [a], { batchLines: 1000, afterBatch: dieAfter(5000) })).rejects.toThrow("killed");
    const [killed] = await files(t.customerId);
    expect(killed).toMatchObject({ sha256: null, linesCommitted: 5000n, status: "failed" });
    expect(Number(killed!.bytesCommitted)).toBe(Buffer.byteLength(lines(t.serial, 0, 5000).join("\n") + "\n"));

    // b does not start with a's committed 5,000 lines: a new file, all of its lines.
    expect(await ingestFiles(t, [b], { batchLines: 1000 })).toMatchObject({ accepted: total, skipped: 0 });
    // a again: its own row is resumed after line 5,000.
    expect(await ingestFiles(t, [a], { batchLines: 1000 })).toMatchObject({ accepted: total - 5000, skipped: 0 });
    expect(await eventCount(t.customerId)).toBe(2 * total);
    const rows = await files(t.customerId);
    expect(rows.map((f) => [f.id, f.status, f.sha256, f.linesCommitted, f.accepted])).toEqual([
      [killed!.id, "done", (await sha256File(a)).sha256, BigInt(total), BigInt(total)],
      [rows[1]!.id, "done", (await sha256File(b)).sha256, BigInt(total), BigInt(total)],
    ]);
    // Per line: each of a's lines once, each of b's once.
    const perLine = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT file_id, line_no FROM events WHERE customer_id = ${t.customerId}::uuid GROUP BY 1, 2 HAVING count(*) > 1) d`;
    expect(Number(perLine[0]!.n)).toBe(0);
  }, 60_000);

  it("a longer file that starts with a killed ingest's committed lines carries it on", async () => {
    const t = await tenant();
    const a = write("a", lines(t.serial, 0, HEAD_LINES + 1000));
    const longer = write("longer", lines(t.serial, 0, HEAD_LINES + 3000));
    await expect(ingestFiles(t, [a], { batchLines: 1000, afterBatch: dieAfter(HEAD_LINES) })).rejects.toThrow("killed");
    expect(await ingestFiles(t, [longer], { batchLines: 1000 })).toMatchObject({ accepted: 3000, skipped: 0 });
    expect(await eventCount(t.customerId)).toBe(HEAD_LINES + 3000);
    expect((await files(t.customerId)).map((f) => [f.status, f.sha256])).toEqual([["done", (await sha256File(longer)).sha256]]);
  }, 60_000);

  it("skips content ingested before heads were recorded", async () => {
    const t = await tenant();
    const file = write("old", lines(t.serial, 0, 300));
    await ingestFiles(t, [file]);
    await prisma.ingestFile.updateMany({ where: { customerId: t.customerId }, data: { headSha256: null, prefixSha256: null, bytesCommitted: 0 } });
    expect(await ingestFiles(t, [file])).toMatchObject({ accepted: 0, skipped: 1 });
  });

  it("two ingests of the same new file at once: one ingests it, the other waits and skips it", async () => {
    const t = await tenant();
    const file = write("twice", lines(t.serial, 0, 3000));
    const [x, y] = await Promise.all([ingestFiles(t, [file], { batchLines: 500 }), ingestFiles(t, [file], { batchLines: 500 })]);
    expect([x.accepted + y.accepted, x.skipped + y.skipped]).toEqual([3000, 1]);
    expect(await eventCount(t.customerId)).toBe(3000);
  }, 60_000);
});
