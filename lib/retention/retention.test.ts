import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pool";
import { existingPartitions, kindPartitions } from "@/lib/ingest/partitions";
import { systemLine, threatLine, trafficLine } from "@/lib/ingest/test-lines";
import { ensureDraft, submitForReview } from "@/lib/reports/lifecycle";
import { publishReport } from "@/lib/reports/publish";
import { ANALYST_A, ANALYST_B, ingestLines, reportTenant } from "@/lib/reports/test-helpers";
import { ingestFiles } from "@/lib/ingest/ingest";
import { rawLine } from "@/lib/ingest/raw-lines";
import { describeRetention, retentionPolicy, runRetention } from "./retention";

// 2007–2009: no other test has events that old, so dropping partitions and deleting original
// lines here disturbs no one.

async function counts(customerId: string) {
  const q = async (sql: string) => Number((await pgPool().query<{ n: string }>(sql, [customerId])).rows[0]!.n);
  return {
    traffic: await q(`SELECT count(*)::text AS n FROM events WHERE customer_id = $1 AND log_type = 'TRAFFIC'`),
    threat: await q(`SELECT count(*)::text AS n FROM events WHERE customer_id = $1 AND log_type = 'THREAT'`),
    raw: await q(`SELECT count(*)::text AS n FROM raw_logs WHERE customer_id = $1`),
    daily: await q(`SELECT coalesce(sum(count), 0)::text AS n FROM rollup_daily WHERE customer_id = $1`),
    monthly: await q(`SELECT coalesce(sum(count), 0)::text AS n FROM rollup_monthly WHERE customer_id = $1`),
    snapshots: await q(`SELECT count(*)::text AS n FROM report_snapshots s JOIN reports r ON r.id = s.report_id WHERE r.customer_id = $1`),
  };
}

describe("retention", () => {
  it("reads its policy from the environment and refuses nonsense", () => {
    expect(retentionPolicy({})).toMatchObject({ traffic: 90, threat: 400, other: 400, cron: "30 3 * * *" });
    expect(retentionPolicy({ MAMORI_RETENTION_TRAFFIC_DAYS: "30", MAMORI_RETENTION_THREAT_DAYS: "0" })).toMatchObject({ traffic: 30, threat: 0 });
    expect(() => retentionPolicy({ MAMORI_RETENTION_TRAFFIC_DAYS: "soon" })).toThrow(/traffic/);
  });

  it("drops whole partitions per log kind, keeps rollups and published reports, and ingest refills a dropped kind", async () => {
    const t = await reportTenant();
    const scope = { customerId: t.customerId };
    const lines = [
      ...Array.from({ length: 20 }, (_, i) => trafficLine({ time: `2009/01/${String(10 + (i % 10)).padStart(2, "0")} 10:00:${String(i).padStart(2, "0")}`, serial: t.serial })),
      ...Array.from({ length: 5 }, (_, i) => threatLine({ time: `2009/01/12 11:00:0${i}`, serial: t.serial, subtype: "vulnerability", threat: "Old Exploit(40001)", severity: "high" })),
      systemLine("2009/01/12 12:00:00", t.serial),
      ...Array.from({ length: 7 }, (_, i) => trafficLine({ time: `2009/03/15 10:00:0${i}`, serial: t.serial })),
    ];
    await ingestLines(t, lines);
    const { report } = await ensureDraft(scope, "2009-01", ANALYST_A);
    await submitForReview(scope, report.id, ANALYST_A);
    await publishReport(scope, report.id, ANALYST_B, { now: new Date("2009-02-05T01:00:00Z") });
    const before = await counts(t.customerId);
    expect(before).toMatchObject({ traffic: 27, threat: 5, raw: 1, snapshots: 1 });

    const now = new Date("2009-05-15T00:00:00Z");
    const policy = { traffic: 30, threat: 400, other: 30, cron: "30 3 * * *" };
    const dry = await runRetention({ now, policy, dryRun: true });
    expect(dry.dropped).toEqual(expect.arrayContaining(["events_p200901_traffic", "events_p200903_traffic", "events_p200901_other"]));
    expect(dry.dropped.some((p) => p.endsWith("_threat"))).toBe(false);
    expect(await counts(t.customerId)).toEqual(before);

    const r = await runRetention({ now, policy });
    expect(r.dropped).toEqual(dry.dropped);
    expect(r.rawLogsDeleted).toBeGreaterThanOrEqual(1);
    const after = await counts(t.customerId);
    expect(after).toEqual({ ...before, traffic: 0, raw: 0 });
    const report2 = await prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(report2.status).toBe("published");
    // The month stays complete (an empty traffic partition replaced the old one): late logs still land.
    const client = await pgPool().connect();
    try {
      expect((await existingPartitions(client)).has("2009-01")).toBe(true);
    } finally {
      client.release();
    }
    await ingestLines(t, [trafficLine({ time: "2009/01/20 09:00:00", serial: t.serial, src: "10.9.9.9" })]);
    expect((await counts(t.customerId)).traffic).toBe(1);

    // Everything of a month expired: the whole month partition goes.
    await runRetention({ now, policy: { ...policy, threat: 30 } });
    const left = await pgPool().connect();
    try {
      const kinds = await kindPartitions(left);
      expect(kinds.filter((k) => k.month === "2009-01")).toEqual([]);
      expect((await existingPartitions(left)).has("2009-01")).toBe(false);
    } finally {
      left.release();
    }
    expect(await counts(t.customerId)).toMatchObject({ traffic: 0, threat: 0, daily: after.daily + 1, snapshots: 1 });
  }, 120_000);

  it("with single-level month partitions (Citus), deletes expired kinds and drops a month once every kind has expired", async () => {
    const t = await reportTenant();
    process.env.MAMORI_EVENTS_PARTITION_BY_KIND = "false";
    try {
      await ingestLines(t, [
        ...Array.from({ length: 4 }, (_, i) => trafficLine({ time: `2008/06/1${i} 10:00:00`, serial: t.serial })),
        threatLine({ time: "2008/06/12 11:00:00", serial: t.serial, subtype: "spyware", threat: "Old Spy(12000)", severity: "high" }),
      ]);
    } finally {
      delete process.env.MAMORI_EVENTS_PARTITION_BY_KIND;
    }
    const client = await pgPool().connect();
    try {
      expect((await kindPartitions(client)).filter((k) => k.month === "2008-06")).toEqual([]);
      expect((await existingPartitions(client)).has("2008-06")).toBe(true);
    } finally {
      client.release();
    }
    const before = await counts(t.customerId);
    const now = new Date("2008-10-01T00:00:00Z");
    const r = await runRetention({ now, policy: { traffic: 30, threat: 400, other: 400, cron: "30 3 * * *" } });
    expect(r.deleted).toContainEqual({ partition: "events_p200806", kind: "traffic", rows: 4 });
    expect(await counts(t.customerId)).toEqual({ ...before, traffic: 0 });
    const again = await runRetention({ now, policy: { traffic: 30, threat: 400, other: 400, cron: "30 3 * * *" } });
    expect(again.deleted.filter((d) => d.partition === "events_p200806")).toEqual([]); // remembered: no second scan
    const all = await runRetention({ now, policy: { traffic: 30, threat: 30, other: 30, cron: "30 3 * * *" } });
    expect(all.dropped).toContain("events_p200806");
    expect(await counts(t.customerId)).toEqual({ ...before, traffic: 0, threat: 0 });
  }, 120_000);

  it("deletes original lines once every kind's retention has passed them, and a file's rejected lines with its last chunk", async () => {
    const t = await reportTenant();
    const POLICY = { traffic: 30, threat: 60, other: 30, cron: "30 3 * * *" };
    const may = [
      ...Array.from({ length: 3 }, (_, i) => trafficLine({ time: `2007/05/1${i} 10:00:00`, serial: t.serial })),
      threatLine({ time: "2007/05/20 11:00:00", serial: t.serial, subtype: "spyware", threat: "Old Spy(12001)", severity: "high" }),
      "not a PAN-OS line at all (May)",
    ];
    // Two batches of two lines: a late May line in the first, August in the second.
    const august = [
      "not a PAN-OS line at all (August)",
      trafficLine({ time: "2007/05/25 10:00:00", serial: t.serial, src: "10.7.7.6" }),
      trafficLine({ time: "2007/08/10 10:00:00", serial: t.serial, src: "10.7.7.7" }),
      trafficLine({ time: "2007/08/11 10:00:00", serial: t.serial, src: "10.7.7.8" }),
    ];
    await ingestLines(t, may);
    const augustPath = path.join(mkdtempSync(path.join(tmpdir(), "mamori-retention-")), "august.log");
    writeFileSync(augustPath, august.join("\n") + "\n");
    await ingestFiles({ customerId: t.customerId }, [augustPath], { batchLines: 2 });
    const files = await prisma.ingestFile.findMany({ where: { customerId: t.customerId }, orderBy: { id: "asc" } });
    const [mayFile, augustFile] = files.map((f) => f.id);
    const kept = async () => ({
      chunks: (await prisma.ingestChunk.findMany({ where: { customerId: t.customerId }, select: { fileId: true } })).map((c) => c.fileId).sort(),
      rejects: (await prisma.ingestReject.findMany({ where: { customerId: t.customerId }, select: { fileId: true } })).map((r) => r.fileId).sort(),
    });
    expect(await kept()).toEqual({ chunks: [mayFile, augustFile, augustFile], rejects: [mayFile, augustFile] });
    // The chunk knows its newest event: May's threat, not the time of the ingest.
    const mayChunk = await prisma.ingestChunk.findFirstOrThrow({ where: { fileId: mayFile } });
    expect(mayChunk.lastTime.toISOString()).toBe("2007-05-20T02:00:00.000Z"); // 11:00 in Tokyo

    // A kind kept forever keeps every original line.
    const forever = await runRetention({ now: new Date("2009-01-01T00:00:00Z"), policy: { ...POLICY, threat: 0 }, dryRun: true });
    expect(forever).toMatchObject({ chunksDeleted: 0, rejectsDeleted: 0 });

    // October 2007: traffic and other gone since September, threats since 2 August: May's lines
    // have passed every retention, August's traffic has not passed the threats' one.
    const now = new Date("2007-10-01T00:00:00Z");
    const dry = await runRetention({ now, policy: POLICY, dryRun: true });
    expect(dry.chunksDeleted).toBeGreaterThanOrEqual(1);
    expect(dry.rejectsDeleted).toBeGreaterThanOrEqual(1);
    expect(await kept()).toEqual({ chunks: [mayFile, augustFile, augustFile], rejects: [mayFile, augustFile] });

    const r = await runRetention({ now, policy: POLICY });
    expect(r.chunksDeleted).toBe(dry.chunksDeleted);
    expect(r.rejectsDeleted).toBe(dry.rejectsDeleted);
    expect(describeRetention(r)).toContain(`${r.chunksDeleted} original-line chunk(s), ${r.rejectsDeleted} rejected line(s)`);
    // August's file lost its first chunk only, so its rejected line stays.
    expect(await kept()).toEqual({ chunks: [augustFile], rejects: [augustFile] });
    expect(r.chunksDeleted).toBeGreaterThanOrEqual(2);
    expect(await rawLine({ customerId: t.customerId }, augustFile!, 3n)).toBe(august[2]);
    expect(await rawLine({ customerId: t.customerId }, augustFile!, 2n)).toBeNull();
    expect(await rawLine({ customerId: t.customerId }, mayFile!, 1n)).toBeNull();

    const later = await runRetention({ now: new Date("2007-12-01T00:00:00Z"), policy: POLICY });
    expect(later.chunksDeleted).toBeGreaterThanOrEqual(1);
    expect(await kept()).toEqual({ chunks: [], rejects: [] });
  }, 120_000);
});
