import type pg from "pg";
import { z } from "zod";
import { pgPool } from "@/lib/db/pool";
import { LOG_KINDS, createKindSql, kindPartitions, monthEndUtc, monthPartitions, partitionName, type LogKind } from "@/lib/ingest/partitions";

// Retention of raw events per log kind, configured by environment (one policy for the whole
// service, set by the operator):
//   MAMORI_RETENTION_TRAFFIC_DAYS (default 90), MAMORI_RETENTION_THREAT_DAYS (400),
//   MAMORI_RETENTION_OTHER_DAYS (400; other event types and raw SYSTEM/CONFIG… logs), 0 = keep forever;
//   MAMORI_RETENTION_CRON (default "30 3 * * *", UTC) schedules the run in the workers.
// A kind's partition of a month is dropped once the whole month is older than its retention.
// Original lines (ingest_chunks, one compressed chunk per batch, mixing kinds) are deleted once
// the chunk's newest event is older than every kind's retention, and a file's rejected lines go
// with its last chunk; with any kind kept forever, they are kept forever too.
// Rollups, alerts and reports (published snapshots) are separate tables and are never touched.

const days = z.coerce.number().int().min(0).max(100_000);
const policySchema = z.object({
  traffic: days.default(90),
  threat: days.default(400),
  other: days.default(400),
  cron: z.string().trim().min(9).default("30 3 * * *"),
});
export type RetentionPolicy = z.infer<typeof policySchema>;

export function retentionPolicy(env: Record<string, string | undefined> = process.env): RetentionPolicy {
  const r = policySchema.safeParse({
    traffic: env.MAMORI_RETENTION_TRAFFIC_DAYS || undefined,
    threat: env.MAMORI_RETENTION_THREAT_DAYS || undefined,
    other: env.MAMORI_RETENTION_OTHER_DAYS || undefined,
    cron: env.MAMORI_RETENTION_CRON || undefined,
  });
  if (!r.success) throw new Error(`retention settings: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return r.data;
}

export interface RetentionResult {
  now: string;
  policy: RetentionPolicy;
  cutoffs: Record<LogKind, string | null>;
  dropped: string[];
  /** single-level layout (Citus): expired kinds deleted from months that keep other kinds */
  deleted: { partition: string; kind: LogKind; rows: number }[];
  rawLogsDeleted: number;
  /** compressed original-line chunks deleted, and rejected lines of files left without chunks */
  chunksDeleted: number;
  rejectsDeleted: number;
  dryRun: boolean;
}

/** One line for logs: what a run removed (or would remove). */
export function describeRetention(r: RetentionResult): string {
  return (
    `retention: ${r.dryRun ? "would drop" : "dropped"} ${r.dropped.length} partition(s), ${r.rawLogsDeleted} raw log row(s), ` +
    `${r.chunksDeleted} original-line chunk(s), ${r.rejectsDeleted} rejected line(s)`
  );
}

/** Oldest instant still kept for a kind (null: kept forever). */
export function cutoffFor(policy: RetentionPolicy, kind: LogKind, now: Date): Date | null {
  const d = policy[kind];
  return d > 0 ? new Date(now.getTime() - d * 86_400_000) : null;
}

/**
 * Drops every kind partition whose month ended before its cutoff. When all kinds of a month go,
 * the month goes; when only some do, each is replaced by an empty one in the same transaction,
 * so a month stays complete and rows never fall into the DEFAULT ("other") partition.
 */
export async function runRetention(opts: { now?: Date; policy?: RetentionPolicy; dryRun?: boolean } = {}): Promise<RetentionResult> {
  const now = opts.now ?? new Date();
  const policy = opts.policy ?? retentionPolicy();
  const cutoffs = Object.fromEntries(LOG_KINDS.map((k) => [k, cutoffFor(policy, k, now)])) as Record<LogKind, Date | null>;
  const client = await pgPool().connect();
  const dropped: string[] = [];
  const deleted: RetentionResult["deleted"] = [];
  let rawLogsDeleted = 0;
  let lines = { chunksDeleted: 0, rejectsDeleted: 0 };
  try {
    // Waiting long behind a running explorer query is pointless: the next daily run retries.
    await client.query("SET lock_timeout = '5s'");
    const byMonth = new Map<string, LogKind[]>();
    for (const p of await kindPartitions(client)) {
      const cut = cutoffs[p.kind];
      if (cut && monthEndUtc(p.month) <= cut) byMonth.set(p.month, [...(byMonth.get(p.month) ?? []), p.kind]);
    }
    const allExpired = (m: string) => LOG_KINDS.every((k) => cutoffs[k] && monthEndUtc(m) <= cutoffs[k]!);
    for (const [month, kinds] of [...byMonth].sort()) {
      if (opts.dryRun) {
        dropped.push(...kinds.map((k) => partitionName(month, k)));
        continue;
      }
      await inTransaction(client, async () => {
        if (allExpired(month)) {
          await client.query(`DROP TABLE IF EXISTS ${partitionName(month)}`);
        } else {
          for (const k of kinds) {
            await client.query(`DROP TABLE IF EXISTS ${partitionName(month, k)}`);
            await client.query(createKindSql(month, k));
          }
        }
      });
      dropped.push(...kinds.map((k) => partitionName(month, k)));
    }
    // Single-level months (MAMORI_EVENTS_PARTITION_BY_KIND=false, e.g. on Citus).
    for (const p of await monthPartitions(client)) {
      if (p.byKind) continue;
      const expired = LOG_KINDS.filter((k) => cutoffs[k] && monthEndUtc(p.month) <= cutoffs[k]!);
      if (!expired.length) continue;
      if (expired.length === LOG_KINDS.length) {
        if (!opts.dryRun) await client.query(`DROP TABLE IF EXISTS ${p.name}`);
        dropped.push(p.name);
        continue;
      }
      // The table comment remembers which kinds are gone, so each month is scanned once per kind.
      const { rows } = await client.query<{ c: string | null }>(`SELECT obj_description($1::regclass, 'pg_class') AS c`, [p.name]);
      const done = new Set((rows[0]?.c ?? "").replace(/^retention:/, "").split(",").filter(Boolean));
      for (const k of expired) {
        if (done.has(k)) continue;
        let n = 0;
        if (!opts.dryRun) {
          n = (await client.query(`DELETE FROM ${p.name} WHERE ${KIND_WHERE[k]}`)).rowCount ?? 0;
          done.add(k);
          await client.query(`COMMENT ON TABLE ${p.name} IS 'retention:${[...done].sort().join(",")}'`);
        }
        deleted.push({ partition: p.name, kind: k, rows: n });
      }
    }
    if (cutoffs.other) {
      if (opts.dryRun) {
        const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM raw_logs WHERE time < $1`, [cutoffs.other]);
        rawLogsDeleted = Number(rows[0]!.n);
      } else {
        // In slices, so a large first run does not hold one huge transaction.
        for (;;) {
          const r = await client.query(`DELETE FROM raw_logs WHERE ctid IN (SELECT ctid FROM raw_logs WHERE time < $1 LIMIT 50000)`, [cutoffs.other]);
          rawLogsDeleted += r.rowCount ?? 0;
          if (!r.rowCount) break;
        }
      }
    }
    const oldest = LOG_KINDS.every((k) => cutoffs[k]) ? new Date(Math.min(...LOG_KINDS.map((k) => cutoffs[k]!.getTime()))) : null;
    if (oldest) lines = await deleteOriginalLines(client, oldest, !!opts.dryRun);
  } finally {
    await client.query("RESET lock_timeout").catch(() => {});
    client.release();
  }
  return {
    now: now.toISOString(),
    policy,
    cutoffs: Object.fromEntries(LOG_KINDS.map((k) => [k, cutoffs[k]?.toISOString() ?? null])) as Record<LogKind, string | null>,
    dropped,
    deleted,
    rawLogsDeleted,
    ...lines,
    dryRun: !!opts.dryRun,
  };
}

/** Chunks whose newest event is before `before`, in slices; then the rejects of files with no chunk left. */
async function deleteOriginalLines(client: pg.ClientBase, before: Date, dryRun: boolean): Promise<{ chunksDeleted: number; rejectsDeleted: number }> {
  if (dryRun) {
    const { rows } = await client.query<{ chunks: string; rejects: string }>(
      `WITH gone AS (SELECT file_id, count(*) AS n FROM ingest_chunks WHERE last_time < $1 GROUP BY file_id),
            emptied AS (SELECT g.file_id FROM gone g WHERE g.n = (SELECT count(*) FROM ingest_chunks c WHERE c.file_id = g.file_id))
       SELECT (SELECT coalesce(sum(n), 0) FROM gone)::text AS chunks,
              (SELECT count(*) FROM ingest_rejects r WHERE r.file_id IN (SELECT file_id FROM emptied))::text AS rejects`,
      [before],
    );
    return { chunksDeleted: Number(rows[0]!.chunks), rejectsDeleted: Number(rows[0]!.rejects) };
  }
  let chunksDeleted = 0;
  const files = new Set<string>();
  for (;;) {
    const r = await client.query<{ file_id: string }>(
      `DELETE FROM ingest_chunks WHERE (file_id, first_line) IN (SELECT file_id, first_line FROM ingest_chunks WHERE last_time < $1 LIMIT 2000)
       RETURNING file_id::text`,
      [before],
    );
    for (const row of r.rows) files.add(row.file_id);
    chunksDeleted += r.rowCount ?? 0;
    if (!r.rowCount) break;
  }
  let rejectsDeleted = 0;
  if (files.size) {
    const r = await client.query(
      `DELETE FROM ingest_rejects r WHERE r.file_id = ANY($1::bigint[])
         AND NOT EXISTS (SELECT 1 FROM ingest_chunks c WHERE c.file_id = r.file_id)`,
      [[...files]],
    );
    rejectsDeleted = r.rowCount ?? 0;
  }
  return { chunksDeleted, rejectsDeleted };
}

const KIND_WHERE: Record<LogKind, string> = {
  traffic: "log_type = 'TRAFFIC'",
  threat: "log_type = 'THREAT'",
  other: "log_type NOT IN ('TRAFFIC', 'THREAT')",
};

async function inTransaction(client: pg.ClientBase, body: () => Promise<void>): Promise<void> {
  await client.query("BEGIN");
  try {
    await body();
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}
