import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { uniq } from "@/lib/testing/helpers";
import { ingestFiles } from "./ingest";
import { mutatedLine, randomLine } from "./panos/fuzz-lines";

// The real pipeline on PostgreSQL with damaged files: it never throws and never loses a line
// (accepted + rejected = lines read, and the database holds one row per accepted event and per
// rejected line). A modest number of cases: each is a file ingested through COPY.

const RUNS = Number(process.env.MAMORI_FUZZ_INGEST_RUNS ?? 30);
const dir = mkdtempSync(path.join(tmpdir(), "mamori-fuzz-"));

describe("ingest of fuzzed files", () => {
  it(`never throws and never loses a line (${RUNS} files)`, async () => {
    const slug = uniq("fuzz");
    const c = await createCustomer({ slug, name: "ファズ", timezone: "Asia/Tokyo", internalNetworks: "192.0.2.0/24" }, CLI_ACTOR);
    const serial = uniq("FZ").toUpperCase().replace(/-/g, "");
    await createDevice({ customerSlug: slug, hostname: "fuzz-utm", serial, model: "PA-3220", ip: "192.0.2.13", timezone: "Asia/Tokyo" }, CLI_ACTOR);
    let n = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ arbitrary: mutatedLine(serial), weight: 4 }, { arbitrary: randomLine, weight: 1 }), { minLength: 1, maxLength: 40 }), async (lines) => {
        // A unique first line so no two cases have the same content (a file seen before is skipped).
        const all = [`fuzz case ${n++} ${Date.now()}`, ...lines];
        const file = path.join(dir, `case-${n}.log`);
        writeFileSync(file, all.join("\n") + "\n");
        const s = await ingestFiles({ customerId: c.id }, [file], { batchLines: 7 });
        // Blank lines are not log lines: the pipeline keeps them in the raw file but does not count them.
        expect(s.lines).toBe(all.filter((l) => l.trim().length > 0).length);
        expect(s.accepted + s.rejected).toBe(s.lines);
        const f = await prisma.ingestFile.findFirstOrThrow({ where: { customerId: c.id, name: { endsWith: `case-${n}.log` } }, select: { id: true } });
        const [row] = await prisma.$queryRaw<{ events: bigint; rejects: bigint }[]>`
          SELECT (SELECT count(*) FROM events WHERE file_id = ${f.id}::bigint) AS events,
                 (SELECT count(*) FROM ingest_rejects WHERE file_id = ${f.id}::bigint) AS rejects`;
        expect(Number(row!.rejects)).toBe(s.rejected);
        expect(Number(row!.events)).toBe(s.accepted - s.other);
        total += s.lines;
      }),
      { numRuns: RUNS },
    );
    expect(total).toBeGreaterThan(RUNS);
    console.error(`fuzzed ingest: ${RUNS} files, ${total} lines, none lost`);
  });
});
