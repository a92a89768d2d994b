import type pg from "pg";
import { pgPool } from "@/lib/db/pool";
import { LEAVE_OPEN_RANGE_UNSUMMARISED, leafBrinIndexes, monthOfUtc, partitionName } from "./partitions";

// Indexes for the explorer's selective filters (one address, one threat), built on each month's
// events partition once the month is over. Keeping btree indexes up to date row by row during
// ingest costs more than the ingest itself (COPY measured 2.4x slower with these three), while
// building them once over a finished month is a sort. The month still being written is searched
// by scanning its time windows (BRIN); rows that arrive late for a finished month go into its
// indexes as usual. That BRIN index also holds bloom filters of the addresses and threat ids
// (migration 20261128010000), so a lookup in the open month reads only the ranges that may hold
// the value; a finished month's btree indexes still answer in a few ms where those take tens.

export const MONTH_INDEXES = [
  { suffix: "src", definition: "(customer_id, src_ip, time)" },
  { suffix: "dst", definition: "(customer_id, dst_ip, time)" },
  { suffix: "threat", definition: "(customer_id, threat_id, time) WHERE threat_id IS NOT NULL" },
] as const;

/** Leaf partitions of events for finished UTC months that miss one of the indexes. */
async function partitionsToIndex(client: pg.ClientBase, now: Date): Promise<{ table: string; missing: (typeof MONTH_INDEXES)[number][] }[]> {
  const { rows } = await client.query<{ table: string; indexes: string[] }>(
    `SELECT c.relname AS table, coalesce(array_agg(i.relname) FILTER (WHERE i.relname IS NOT NULL), '{}') AS indexes
     FROM pg_partition_tree('events') t
     JOIN pg_class c ON c.oid = t.relid
     LEFT JOIN pg_index x ON x.indrelid = c.oid
     LEFT JOIN pg_class i ON i.oid = x.indexrelid
     WHERE t.isleaf
     GROUP BY c.relname`,
  );
  const current = monthOfUtc(now).replace("-", "");
  const out: { table: string; missing: (typeof MONTH_INDEXES)[number][] }[] = [];
  for (const r of rows) {
    const month = /^events_p(\d{6})/.exec(r.table)?.[1];
    if (!month || month >= current) continue;
    const missing = MONTH_INDEXES.filter((ix) => !r.indexes.includes(`${r.table}_${ix.suffix}_idx`));
    if (missing.length) out.push({ table: r.table, missing });
  }
  return out.sort((a, b) => a.table.localeCompare(b.table));
}

/**
 * Summarises the BRIN block ranges filled since the last time (time spans and bloom filters): an unsummarised
 * range matches every time window, so without this a fresh month is read whole for any window
 * (autovacuum would get to it eventually). It reads only the new ranges, but hashes three values
 * a row for the bloom filters: 1.5 s for 2.25M new events in one backend. Two indexes at a time,
 * biggest first: a month's traffic and threat partitions are summarised side by side, on both
 * cores, at the end of an ingest when nothing else runs. (Two runners over a list: no library.)
 */
export async function summarizeNewEvents(): Promise<number> {
  const indexes = await leafBrinIndexes(pgPool(), "events");
  let next = 0;
  let summarised = 0;
  const runner = async () => {
    while (next < indexes.length) {
      const oid = indexes[next++]!;
      const { rows } = await pgPool().query<{ n: string }>(`SELECT brin_summarize_new_values($1::oid::regclass)::text AS n`, [oid]);
      summarised += Number(rows[0]?.n ?? 0);
      await pgPool().query(LEAVE_OPEN_RANGE_UNSUMMARISED, [oid]);
    }
  };
  await Promise.all([runner(), runner()]);
  return summarised;
}

/**
 * After a big ingest, brings the planner's view up to date without waiting for autovacuum:
 * - vacuums and analyzes the rollup tables. Every batch upserts the same month keys again, so a
 *   big ingest leaves them mostly dead rows (measured: 121k dead to 14k live after 1.08M lines),
 *   and the report's top-10 queries walked all of them (95 ms); after this they stop at the
 *   tenth row (1 ms);
 * - analyzes the leaf partitions of the event months written that were never analyzed or have
 *   changed by a tenth since (autovacuum's own rule, applied now rather than when it comes by),
 *   on the columns the explorer and dashboard filter and group by. Without statistics the
 *   explorer's plans for a freshly loaded month were 15–30× slower (1.08M lines: unfiltered page
 *   106 → 4–9 ms, by source 120 → 6–9 ms). A small sample (statistics target 10) gets nearly all
 *   of that for 67 ms instead of 479 ms (target 100, or 1.6 s for the whole month); autovacuum
 *   refines it later.
 * Not in a transaction; concurrent ingests go on.
 */
const PLANNED_COLUMNS = "customer_id, time, log_type, fn, allowed, src_ip, dst_ip, dst_port, threat_id, severity, category, direction";

export async function refreshStatistics(months: string[]): Promise<void> {
  await pgPool().query("VACUUM (ANALYZE) rollup_monthly, rollup_daily");
  const client = await pgPool().connect();
  try {
    for (const m of [...new Set(months)].sort()) {
      if (!/^\d{4}-\d{2}$/.test(m)) throw new Error(`not a month: ${m}`);
      // No rows if retention dropped the month meanwhile.
      const { rows } = await client.query<{ t: string }>(
        `SELECT t.relid::regclass::text AS t FROM pg_partition_tree(to_regclass($1)) t JOIN pg_class c ON c.oid = t.relid
         WHERE t.isleaf AND (c.reltuples < 0 OR pg_stat_get_mod_since_analyze(t.relid) > 0.1 * c.reltuples) ORDER BY 1`,
        [partitionName(m)],
      );
      if (!rows.length) continue;
      await client.query("BEGIN");
      await client.query("SET LOCAL default_statistics_target = 10");
      await client.query(`ANALYZE ${rows.map((r) => `${r.t} (${PLANNED_COLUMNS})`).join(", ")}`);
      await client.query("COMMIT");
    }
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Builds the missing indexes of finished months; returns what it built and how long it took. */
export async function indexFinishedMonths(opts: { now?: Date; log?: (m: string) => void } = {}): Promise<{ table: string; seconds: number }[]> {
  const client = await pgPool().connect();
  const built: { table: string; seconds: number }[] = [];
  try {
    // A sort of a whole month: give it memory (this session only).
    await client.query("SET maintenance_work_mem = '256MB'");
    for (const p of await partitionsToIndex(client, opts.now ?? new Date())) {
      const t0 = performance.now();
      for (const ix of p.missing) {
        await client.query(`CREATE INDEX IF NOT EXISTS ${p.table}_${ix.suffix}_idx ON ${p.table} ${ix.definition}`);
      }
      await client.query(`ANALYZE ${p.table}`);
      const seconds = Math.round(performance.now() - t0) / 1000;
      opts.log?.(`indexed ${p.table} (${p.missing.map((m) => m.suffix).join(", ")}) in ${seconds}s`);
      built.push({ table: p.table, seconds });
    }
  } finally {
    await client.query("RESET maintenance_work_mem").catch(() => {});
    client.release();
  }
  return built;
}
