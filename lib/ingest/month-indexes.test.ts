import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { eventFilterSchema, exportEventsCsv, searchEvents } from "@/lib/events";
import { buildEventQuery, inEventQuery, pageSql } from "@/lib/events/search-events";
import { pgPool } from "@/lib/db/pool";
import { uniq } from "@/lib/testing/helpers";
import { ingestFiles } from "./ingest";
import { indexFinishedMonths } from "./month-indexes";
import { createPartition } from "./partitions";
import { threatLine, trafficLine } from "./test-lines";

/** A customer (internal network 192.0.2.0/24) with one firewall, both named uniquely. */
async function customerWithDevice(prefix: string, name: string) {
  const slug = uniq(prefix);
  const c = await createCustomer({ slug, name, internalNetworks: "192.0.2.0/24" }, CLI_ACTOR);
  const serial = uniq("SN").toUpperCase().replace(/-/g, "");
  await createDevice({ customerSlug: slug, hostname: "fw", serial, model: "PA-220", ip: "192.0.2.1" }, CLI_ACTOR);
  return { c, serial };
}

// Months far ahead so no other test writes them: 2040-03 is "finished" on 2040-04-10, 2040-04 is not.
describe("explorer indexes of finished months", () => {
  it("are built for finished months only, once, and the explorer finds the same events through them", async () => {
    const { c, serial } = await customerWithDevice("idx", "索引");
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      const t = `2040/0${3 + (i % 2)}/${String(1 + (i % 28)).padStart(2, "0")} 10:${String(i % 60).padStart(2, "0")}:00`;
      lines.push(trafficLine({ time: t, serial, src: `192.0.2.${i % 7}`, dst: i % 3 ? "8.8.8.8" : "1.1.1.1" }));
    }
    lines.push(threatLine({ time: "2040/03/05 05:05:05", serial, subtype: "vulnerability", threat: "Test Exploit(91234)", severity: "high" }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), "mamori-idx-")), "a.log");
    writeFileSync(file, lines.join("\n"));
    const scope = { customerId: c.id, timezone: "Asia/Tokyo" };
    const month = { from: "2040-03-01", to: "2040-04-01" };
    const search = async (q: Record<string, string>) => (await searchEvents(scope, eventFilterSchema.parse({ ...month, ...q }))).rows.map((r) => r.id);

    await ingestFiles(scope, [file]); // today, 2040 is the future: nothing to index yet
    const before = { src: await search({ src: "192.0.2.3" }), host32: await search({ src: "192.0.2.3/32" }), net: await search({ src: "192.0.2.0/30" }), threat: await search({ threat: "91234" }) };
    expect(before.src.length).toBe(21);
    expect(before.host32).toEqual(before.src);
    expect(before.threat.length).toBe(1);

    const built = await indexFinishedMonths({ now: new Date("2040-04-10T00:00:00Z") });
    // Leaves of the month: the month itself, or its per-kind partitions (partitions.ts).
    const leaves = await prisma.$queryRaw<{ leaf: string; indexes: string[] }[]>`
      SELECT c.relname::text AS leaf, coalesce(array_agg(i.relname::text ORDER BY i.relname) FILTER (WHERE i.relname NOT LIKE '%customer_id_time%'), '{}'::text[]) AS indexes
      FROM pg_partition_tree('events') t JOIN pg_class c ON c.oid = t.relid
      LEFT JOIN pg_index x ON x.indrelid = c.oid LEFT JOIN pg_class i ON i.oid = x.indexrelid
      WHERE t.isleaf AND c.relname LIKE 'events_p20400%' GROUP BY c.relname ORDER BY c.relname`;
    const march = leaves.filter((l) => l.leaf.startsWith("events_p204003"));
    const april = leaves.filter((l) => l.leaf.startsWith("events_p204004"));
    expect(march.length).toBeGreaterThan(0);
    for (const l of march) expect(l.indexes).toEqual([`${l.leaf}_dst_idx`, `${l.leaf}_src_idx`, `${l.leaf}_threat_idx`]);
    for (const l of april) expect(l.indexes).toEqual([]);
    expect(built.map((b) => b.table).filter((t) => t.startsWith("events_p20400")).sort()).toEqual(march.map((l) => l.leaf));
    // Built once: a second run has nothing to do for that month.
    expect((await indexFinishedMonths({ now: new Date("2040-04-10T00:00:00Z") })).filter((b) => b.table.startsWith("events_p204003"))).toEqual([]);

    const after = { src: await search({ src: "192.0.2.3" }), host32: await search({ src: "192.0.2.3/32" }), net: await search({ src: "192.0.2.0/30" }), threat: await search({ threat: "91234" }) };
    expect(after).toEqual(before);

    // The page query sorts by the timestamptz (which these indexes hold in order), never by the
    // local-time text column of the same name (no index could give that order).
    const client = await pgPool().connect();
    try {
      const q = await buildEventQuery(client, scope, eventFilterSchema.parse({ ...month, src: "192.0.2.3" }));
      const n = q.params.length;
      const plan = (await client.query(`EXPLAIN ${pageSql(q.where, n, "DESC", 51)}`, [...q.params, q.from, q.to])).rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(plan).toMatch(/Sort Key: events\."time" DESC|Index Scan Backward/);
      expect(plan).not.toMatch(/Sort Key: \(?to_char/);
    } finally {
      client.release();
    }
  });

  it("leave no full BRIN block range of a fresh month unsummarised (else every time window reads the whole month), and the open one unsummarised", async () => {
    const { c, serial } = await customerWithDevice("brin", "要約");
    const lines: string[] = [];
    for (let i = 0; i < 6000; i++) {
      lines.push(trafficLine({ time: `2041/07/${String(1 + (i % 28)).padStart(2, "0")} 12:${String(i % 60).padStart(2, "0")}:00`, serial, src: `192.0.2.${i % 200}`, dst: "8.8.8.8" }));
    }
    const file = path.join(mkdtempSync(path.join(tmpdir(), "mamori-brin-")), "a.log");
    writeFileSync(file, lines.join("\n"));
    await ingestFiles({ customerId: c.id }, [file]);
    // Rows still go into the last range of a leaf when it is not full: that one is left open.
    const [r] = await prisma.$queryRaw<{ pages: bigint; open: bigint; unsummarised: bigint }[]>`
      SELECT sum(pg_relation_size(t.relid) / 8192)::bigint AS pages,
             count(*) FILTER (WHERE (pg_relation_size(t.relid) / 8192) % 32 <> 0) AS open,
             sum(brin_summarize_new_values(x.indexrelid))::bigint AS unsummarised
      FROM pg_partition_tree('events') t JOIN pg_class c ON c.oid = t.relid
      JOIN pg_index x ON x.indrelid = t.relid JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
      WHERE t.isleaf AND c.relname LIKE 'events_p204107%' AND am.amname = 'brin'`;
    expect(Number(r!.pages), "the month fills several whole block ranges (32 pages each)").toBeGreaterThan(64);
    expect(Number(r!.open)).toBeGreaterThan(0);
    expect(Number(r!.unsummarised)).toBe(Number(r!.open));
  });

  it("start a new month's partitions with no summarised range (a row into a summarised one rewrites its summary)", async () => {
    const client = await pgPool().connect();
    try {
      await createPartition(client, "2043-04");
      await client.query(
        `INSERT INTO events (customer_id, time, file_id, line_no, device_id, log_type, subtype, action, allowed, is_session)
         VALUES (gen_random_uuid(), '2043-04-02T00:00:00Z', 0, 1, gen_random_uuid(), 'TRAFFIC', 'end', 'allow', true, true)`,
      );
      // 1: the range was unsummarised until now (an empty summary would have taken the row: 0).
      const { rows } = await client.query<{ n: string }>(
        `SELECT brin_summarize_range(x.indexrelid, 0)::text AS n FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
         WHERE x.indrelid = 'events_p204304_traffic'::regclass AND am.amname = 'brin'`,
      );
      expect(rows.map((x) => x.n)).toEqual(["1"]);
    } finally {
      await client.query("DROP TABLE IF EXISTS events_p204304");
      client.release();
    }
  });
});

describe("lookups in the month still being written", () => {
  it("read only the block ranges whose bloom filters may hold the address or threat id, not the month", async () => {
    const { c, serial } = await customerWithDevice("bloom", "探索");
    // 2042-02 is never finished while this test runs: no btree indexes, only the BRIN index.
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const t = `2042/02/${String(1 + (i % 27)).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00`;
      lines.push(trafficLine({ time: t, serial, src: `192.0.2.${i % 250}`, dst: `198.51.100.${i % 200}` }));
    }
    // One needle each, in the middle of the month.
    lines.push(trafficLine({ time: "2042/02/14 12:00:00", serial, src: "192.0.2.251", dst: "203.0.113.77" }));
    lines.push(threatLine({ time: "2042/02/15 12:00:00", serial, subtype: "vulnerability", threat: "Needle Exploit(93999)", severity: "high" }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), "mamori-bloom-")), "a.log");
    writeFileSync(file, lines.join("\n"));
    const scope = { customerId: c.id, timezone: "Asia/Tokyo" };
    await ingestFiles(scope, [file]);
    const month = { from: "2042-02-01", to: "2042-03-01" };

    const [{ pages }] = await prisma.$queryRaw<{ pages: bigint }[]>`
      SELECT sum(pg_relation_size(t.relid) / 8192)::bigint AS pages FROM pg_partition_tree('events') t JOIN pg_class c ON c.oid = t.relid
      WHERE t.isleaf AND c.relname LIKE 'events_p204202%'`;
    expect(Number(pages), "the month spans many block ranges").toBeGreaterThan(10 * 32);

    const client = await pgPool().connect();
    try {
      for (const [filter, found] of [[{ dst: "203.0.113.77" }, 1], [{ src: "192.0.2.251" }, 1], [{ threat: "93999" }, 1], [{ dst: "203.0.113.78" }, 0]] as const) {
        const rows = (await searchEvents(scope, eventFilterSchema.parse({ ...month, ...filter }))).rows;
        expect(rows.length, JSON.stringify(filter)).toBe(found);
        // The CSV export plans the same lookup in its own cursor's transaction: header plus the matches.
        const csv = await new Response(exportEventsCsv(scope, eventFilterSchema.parse({ ...month, ...filter }))).text();
        expect(csv.trim().split("\r\n").slice(1).map((l) => l.split(",").at(-1)), JSON.stringify(filter)).toEqual(rows.map((r) => r.id));
        // The explorer's query for the whole month, as it runs it: count the heap pages it reads.
        const q = await buildEventQuery(client, scope, eventFilterSchema.parse({ ...month, ...filter }));
        expect(q.lookup).toBe(true);
        const plan = await inEventQuery(client, q, async () => (await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${pageSql(q.where, q.params.length, "DESC", 51)}`, [...q.params, q.from, q.to])).rows[0]["QUERY PLAN"]);
        const nodes: Record<string, unknown>[] = [];
        const walk = (n: Record<string, unknown>) => {
          nodes.push(n);
          for (const k of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(k);
        };
        walk(plan[0].Plan);
        expect(nodes.filter((n) => n["Node Type"] === "Seq Scan" && Number(n["Actual Rows"] ?? 0) + Number(n["Rows Removed by Filter"] ?? 0) > 0), JSON.stringify(filter)).toEqual([]);
        const heapPages = nodes.reduce((sum, n) => sum + Number(n["Exact Heap Blocks"] ?? 0) + Number(n["Lossy Heap Blocks"] ?? 0), 0);
        // The needle's own range, and a false positive or two (each filter is sized for 1%).
        expect(heapPages, JSON.stringify(filter)).toBeLessThanOrEqual(3 * 32);
      }
    } finally {
      client.release();
    }
  });
});

describe("rollup tables after a big ingest", () => {
  it("are vacuumed and analyzed, so the report's top-10 queries do not walk the rows each batch left dead; the month written is analyzed", async () => {
    const { c, serial } = await customerWithDevice("vac", "掃除");
    const lines = Array.from({ length: 300 }, (_, i) => trafficLine({ time: `2040/05/0${1 + (i % 9)} 10:00:00`, serial, src: "192.0.2.9", dst: `203.0.113.${i % 5}` }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), "mamori-vac-")), "a.log");
    writeFileSync(file, lines.join("\n"));
    const lastVacuum = async () => {
      const { rows } = await pgPool().query<{ at: Date | null }>(
        `SELECT pg_stat_clear_snapshot(), (SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'rollup_monthly') AS at`,
      );
      return rows[0]?.at ?? null;
    };
    const before = await lastVacuum();
    // Three batches, each upserting the same month keys; the threshold is lowered to this file's size.
    await ingestFiles({ customerId: c.id }, [file], { batchLines: 100, statisticsAfter: 300, indexMonths: false });
    const after = await lastVacuum();
    expect(after).not.toBeNull();
    if (before) expect(after!.getTime()).toBeGreaterThan(before.getTime());
    // May 2040 is this test's alone: its partition was created by this ingest and has statistics now
    // (a table never analyzed has reltuples -1).
    const { rows } = await pgPool().query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = 'events_p204005_traffic'`);
    expect(rows[0]?.reltuples).toBe(300);
  });
});
