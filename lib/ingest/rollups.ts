import type pg from "pg";

// Counts kept per batch in memory and added to the rollup tables in the batch's transaction,
// so the report never sees half a batch and never scans events.

interface DailyCell {
  day: string;
  fn: string;
  allowed: boolean;
  deviceId: string;
  count: number;
  bytes: number;
}
interface MonthlyCell {
  month: string;
  dimension: string;
  key: string;
  count: number;
}

export class RollupBatch {
  private readonly daily = new Map<string, DailyCell>();
  private readonly monthly = new Map<string, MonthlyCell>();

  addDaily(day: string, fn: string, allowed: boolean, deviceId: string, count: number, bytes: number): void {
    const k = `${day}\u0000${fn}\u0000${allowed ? 1 : 0}\u0000${deviceId}`;
    const cell = this.daily.get(k);
    if (cell) {
      cell.count += count;
      cell.bytes += bytes;
    } else this.daily.set(k, { day, fn, allowed, deviceId, count, bytes });
  }

  addMonthly(month: string, dimension: string, key: string, count: number): void {
    const k = `${month}\u0000${dimension}\u0000${key}`;
    const cell = this.monthly.get(k);
    if (cell) cell.count += count;
    else this.monthly.set(k, { month, dimension, key, count });
  }

  get size(): number {
    return this.daily.size + this.monthly.size;
  }

  /** Adds this batch's counts; rows in key order so concurrent ingests lock them in the same order. */
  async flush(client: pg.ClientBase, customerId: string): Promise<void> {
    if (this.daily.size) {
      const rows = [...this.daily.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c);
      await client.query(
        `INSERT INTO rollup_daily (customer_id, day, fn, allowed, device_id, count, bytes)
         SELECT $1, t.day, t.fn, t.allowed, t.device_id, t.count, t.bytes
         FROM unnest($2::date[], $3::text[], $4::bool[], $5::uuid[], $6::bigint[], $7::bigint[]) AS t(day, fn, allowed, device_id, count, bytes)
         ON CONFLICT (customer_id, day, fn, allowed, device_id)
         DO UPDATE SET count = rollup_daily.count + EXCLUDED.count, bytes = rollup_daily.bytes + EXCLUDED.bytes`,
        [customerId, rows.map((r) => r.day), rows.map((r) => r.fn), rows.map((r) => r.allowed), rows.map((r) => r.deviceId), rows.map((r) => r.count), rows.map((r) => r.bytes)],
      );
    }
    if (this.monthly.size) {
      const rows = [...this.monthly.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c);
      await client.query(
        `INSERT INTO rollup_monthly (customer_id, month, dimension, key, count)
         SELECT $1, t.month, t.dimension, t.key, t.count
         FROM unnest($2::date[], $3::text[], $4::text[], $5::bigint[]) AS t(month, dimension, key, count)
         ON CONFLICT (customer_id, month, dimension, key) DO UPDATE SET count = rollup_monthly.count + EXCLUDED.count`,
        [customerId, rows.map((r) => r.month), rows.map((r) => r.dimension), rows.map((r) => r.key), rows.map((r) => r.count)],
      );
    }
    this.daily.clear();
    this.monthly.clear();
  }
}

/** Threat events keep fn, id, severity and name in one key; the report splits it again. */
export function threatKey(fn: string, threatId: number | null, severity: string | null, name: string | null): string {
  return `${fn}|${threatId ?? ""}|${severity ?? ""}|${name ?? ""}`;
}

export function parseThreatKey(key: string): { fn: string; threatId: number | null; severity: string; name: string } {
  const [fn, id, severity, ...name] = key.split("|");
  return { fn: fn!, threatId: id ? Number(id) : null, severity: severity ?? "", name: name.join("|") };
}
