import type pg from "pg";

// events is range-partitioned by UTC month of "time"; a partition is created the first time a
// month appears. Names: events_p202112.

export function partitionName(month: string): string {
  return `events_p${month.replace("-", "")}`;
}

export async function existingPartitions(client: pg.ClientBase): Promise<Set<string>> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'`,
  );
  return new Set(rows.map((r) => r.name.replace(/^events_p(\d{4})(\d{2})$/, "$1-$2")));
}

/**
 * Creates the partition of a UTC month ("2021-12"), in or outside the caller's transaction.
 * Another process creating the same partition at the same moment is not an error.
 */
export async function createPartition(client: pg.ClientBase, month: string, opts: { inTransaction?: boolean } = {}): Promise<void> {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`bad partition month ${month}`);
  const [y, m] = month.split("-").map(Number) as [number, number];
  const from = `${y}-${String(m).padStart(2, "0")}-01 00:00:00+00`;
  const next = m === 12 ? `${y + 1}-01-01 00:00:00+00` : `${y}-${String(m + 1).padStart(2, "0")}-01 00:00:00+00`;
  const sql = `CREATE TABLE IF NOT EXISTS ${partitionName(month)} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${next}')`;
  if (opts.inTransaction) await client.query("SAVEPOINT create_partition");
  try {
    await client.query(sql);
    if (opts.inTransaction) await client.query("RELEASE SAVEPOINT create_partition");
  } catch (err) {
    if ((err as { code?: string }).code !== "42P07") throw err; // duplicate_table: someone else made it
    if (opts.inTransaction) await client.query("ROLLBACK TO SAVEPOINT create_partition");
  }
}

/** Partitions whose whole month ends before `before` (UTC); used by retention. */
export function monthOfUtc(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}
