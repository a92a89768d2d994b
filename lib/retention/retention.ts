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
  dryRun: boolean;
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
    dryRun: !!opts.dryRun,
  };
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
