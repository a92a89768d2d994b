import type pg from "pg";

// events is range-partitioned by UTC month of "time", and each month is list-partitioned by log
// kind, so retention can drop whole partitions per kind (traffic 90 days, threats 400…):
//   events_p202112 (month) → events_p202112_traffic | events_p202112_threat | events_p202112_other (DEFAULT)
// A month (with its three kinds) is created the first time it appears. A month counts as existing
// only when all three kinds exist, so ingest re-creates a kind that retention dropped.
// Citus distributes only one level of partitioning (citusdata/citus#4911): there, set
// MAMORI_EVENTS_PARTITION_BY_KIND=false and months are plain partitions (retention then deletes
// the expired kinds of a month and drops the month once every kind has expired).

export const LOG_KINDS = ["traffic", "threat", "other"] as const;
export type LogKind = (typeof LOG_KINDS)[number];

const KIND_BOUND: Record<LogKind, string> = {
  traffic: "FOR VALUES IN ('TRAFFIC')",
  threat: "FOR VALUES IN ('THREAT')",
  other: "DEFAULT", // any future event log type: never a failed COPY
};

export function partitionByKind(): boolean {
  return process.env.MAMORI_EVENTS_PARTITION_BY_KIND !== "false";
}

export function partitionName(month: string, kind?: LogKind): string {
  return `events_p${month.replace("-", "")}${kind ? `_${kind}` : ""}`;
}

export interface KindPartition {
  month: string;
  kind: LogKind;
  name: string;
}

/** Every kind partition of events (month, kind, table name). */
export async function kindPartitions(client: pg.ClientBase): Promise<KindPartition[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent IN (SELECT i2.inhrelid FROM pg_inherits i2 JOIN pg_class p ON p.oid = i2.inhparent WHERE p.relname = 'events')`,
  );
  const out: KindPartition[] = [];
  for (const { name } of rows) {
    const m = /^events_p(\d{4})(\d{2})_(traffic|threat|other)$/.exec(name);
    if (m) out.push({ month: `${m[1]}-${m[2]}`, kind: m[3] as LogKind, name });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export interface MonthPartition {
  month: string;
  name: string;
  /** false: a plain table holding every kind (single-level layout) */
  byKind: boolean;
}

/** The month partitions of events. */
export async function monthPartitions(client: pg.ClientBase): Promise<MonthPartition[]> {
  const { rows } = await client.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind::text AS kind FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'`,
  );
  const out: MonthPartition[] = [];
  for (const r of rows) {
    const m = /^events_p(\d{4})(\d{2})$/.exec(r.name);
    if (m) out.push({ month: `${m[1]}-${m[2]}`, name: r.name, byKind: r.kind === "p" });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Months whose partition is complete (a plain month, or all kinds present). */
export async function existingPartitions(client: pg.ClientBase): Promise<Set<string>> {
  const perMonth = new Map<string, number>();
  for (const p of await kindPartitions(client)) perMonth.set(p.month, (perMonth.get(p.month) ?? 0) + 1);
  const complete = new Set([...perMonth].filter(([, n]) => n === LOG_KINDS.length).map(([m]) => m));
  for (const p of await monthPartitions(client)) if (!p.byKind) complete.add(p.month);
  return complete;
}

/**
 * Creates the partition of a UTC month ("2021-12") with its kinds (those missing), in or outside
 * the caller's transaction. Another process creating the same partition at the same moment is not an error.
 */
export async function createPartition(client: pg.ClientBase, month: string, opts: { inTransaction?: boolean } = {}): Promise<void> {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`bad partition month ${month}`);
  const [y, m] = month.split("-").map(Number) as [number, number];
  const from = `${y}-${String(m).padStart(2, "0")}-01 00:00:00+00`;
  const next = m === 12 ? `${y + 1}-01-01 00:00:00+00` : `${y}-${String(m + 1).padStart(2, "0")}-01 00:00:00+00`;
  const parent = partitionName(month);
  const byKind = partitionByKind();
  await ddl(client, `CREATE TABLE IF NOT EXISTS ${parent} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${next}')${byKind ? " PARTITION BY LIST (log_type)" : ""}`, opts);
  // A month made by the other layout stays as it is.
  const { rows } = await client.query<{ kind: string }>(`SELECT relkind::text AS kind FROM pg_class WHERE relname = $1`, [parent]);
  if (byKind && rows[0]?.kind === "p") for (const kind of LOG_KINDS) await ddl(client, createKindSql(month, kind), opts);
  // An empty partition's BRIN index starts with its first range summarised (as empty), and every
  // row into that range would rewrite the summary.
  for (const oid of await leafBrinIndexes(client, parent, { emptyOnly: true })) await client.query(LEAVE_OPEN_RANGE_UNSUMMARISED, [oid]);
}

/** Oids of the BRIN indexes on the leaf partitions under `root` (a table name), biggest table first. */
export async function leafBrinIndexes(db: Pick<pg.ClientBase, "query">, root: string, opts: { emptyOnly?: boolean } = {}): Promise<string[]> {
  const { rows } = await db.query<{ oid: string }>(
    `SELECT x.indexrelid::text AS oid FROM pg_partition_tree(to_regclass($1)) t
     JOIN pg_index x ON x.indrelid = t.relid JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
     WHERE t.isleaf AND am.amname = 'brin' AND (NOT $2 OR pg_relation_size(t.relid) = 0)
     ORDER BY pg_relation_size(t.relid) DESC`,
    [root, opts.emptyOnly ?? false],
  );
  return rows.map((r) => r.oid);
}

/**
 * Takes the summary off the block range that rows are still appended to (the last, when not
 * full; the first, in a new empty partition, whose index build leaves it summarised as empty).
 * A row added to a summarised range rewrites and WAL-logs that range's whole summary, bloom
 * filters and all: 47 µs a row against 2.4 µs (1,000 rows, measured). Unsummarised, the range is
 * read by every lookup until it is summarised, and it holds at most pages_per_range pages.
 * $1: a BRIN index's oid.
 */
export const LEAVE_OPEN_RANGE_UNSUMMARISED = `
  SELECT brin_desummarize_range(r.oid, (r.pages / r.per_range) * r.per_range)
  FROM (SELECT x.indexrelid AS oid,
               pg_relation_size(x.indrelid) / current_setting('block_size')::int AS pages,
               coalesce((SELECT option_value::int FROM pg_options_to_table(i.reloptions) WHERE option_name = 'pages_per_range'), 128) AS per_range
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indexrelid = $1::oid) r
  WHERE r.pages = 0 OR r.pages % r.per_range <> 0`;

export function createKindSql(month: string, kind: LogKind): string {
  return `CREATE TABLE IF NOT EXISTS ${partitionName(month, kind)} PARTITION OF ${partitionName(month)} ${KIND_BOUND[kind]}`;
}

async function ddl(client: pg.ClientBase, sql: string, opts: { inTransaction?: boolean }): Promise<void> {
  if (opts.inTransaction) await client.query("SAVEPOINT create_partition");
  try {
    await client.query(sql);
    if (opts.inTransaction) await client.query("RELEASE SAVEPOINT create_partition");
  } catch (err) {
    // duplicate_table / unique_violation on pg_type: someone else made it at the same moment
    const code = (err as { code?: string }).code;
    if (code !== "42P07" && code !== "23505") throw err;
    if (opts.inTransaction) await client.query("ROLLBACK TO SAVEPOINT create_partition");
  }
}

/** UTC month of a date ("2021-12"). */
export function monthOfUtc(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The instant a UTC month ends (start of the next month). */
export function monthEndUtc(month: string): Date {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1));
}
