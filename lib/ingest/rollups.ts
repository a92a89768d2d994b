import type pg from "pg";
import { detached } from "./detached";

// Counts kept per batch in memory and added to the rollup tables in the batch's transaction,
// so the report never sees half a batch and never scans events. Nested maps keyed by plain
// values, because this runs several times per log line.

/** key → count, kept in a one-element array so that adding to it is one map lookup, not a get and a set. */
export type Counts = Map<string, number[]>;

/** Adds n to the count of key; a new key is stored detached from the line it was cut from. */
export function bump(m: Counts, key: string, n: number): void {
  const cell = m.get(key);
  if (cell === undefined) m.set(detached(key), [n]);
  else cell[0]! += n;
}

/** The count cell of key (a new key starts at 0, stored detached from its line). Holding the cell spares later lookups. */
export function cellOf(m: Counts, key: string): number[] {
  let cell = m.get(key);
  if (cell === undefined) m.set(detached(key), (cell = [0]));
  return cell;
}

export class RollupBatch {
  /** day → "fn|allowed|deviceId" → [count, bytes] */
  private readonly daily = new Map<string, Map<string, number[]>>();
  /** month → dimension → key → [count] */
  private readonly monthly = new Map<string, Map<string, Counts>>();
  private lastMonth = "";
  private lastMonthMap: Map<string, Counts> | null = null;

  private lastDay = "";
  private lastDayMap: Map<string, number[]> | null = null;

  addDaily(day: string, slot: string, count: number, bytes: number): void {
    let byDay = day === this.lastDay ? this.lastDayMap : this.daily.get(day);
    if (!byDay) this.daily.set(day, (byDay = new Map()));
    this.lastDay = day;
    this.lastDayMap = byDay;
    const cell = byDay.get(slot);
    if (cell) {
      cell[0]! += count;
      cell[1]! += bytes;
    } else byDay.set(slot, [count, bytes]);
  }

  /** The dimension maps of a month (cached: consecutive lines are nearly always in the same month). */
  month(month: string): Map<string, Counts> {
    if (month === this.lastMonth && this.lastMonthMap) return this.lastMonthMap;
    let m = this.monthly.get(month);
    if (!m) this.monthly.set(month, (m = new Map()));
    this.lastMonth = month;
    this.lastMonthMap = m;
    return m;
  }

  /** The key → count map of one dimension of a month. */
  static dimension(dims: Map<string, Counts>, dimension: string): Counts {
    let d = dims.get(dimension);
    if (!d) dims.set(dimension, (d = new Map()));
    return d;
  }

  static add(dims: Map<string, Counts>, dimension: string, key: string, count: number): void {
    bump(RollupBatch.dimension(dims, dimension), key, count);
  }

  /** This batch's counts as column arrays, in key order (so concurrent ingests lock rows in the same order). */
  rows(): RollupRows {
    const r: RollupRows = { days: [], fns: [], allowed: [], devices: [], counts: [], bytes: [], months: [], dims: [], keys: [], mcounts: [] };
    for (const day of [...this.daily.keys()].sort()) {
      const slots = this.daily.get(day)!;
      for (const slot of [...slots.keys()].sort()) {
        const [fn, a, device] = slot.split("|");
        const cell = slots.get(slot)!;
        r.days.push(day);
        r.fns.push(fn!);
        r.allowed.push(a === "1");
        r.devices.push(device!);
        r.counts.push(cell[0]!);
        r.bytes.push(cell[1]!);
      }
    }
    for (const month of [...this.monthly.keys()].sort()) {
      const byDim = this.monthly.get(month)!;
      for (const dim of [...byDim.keys()].sort()) {
        const byKey = byDim.get(dim)!;
        for (const key of [...byKey.keys()].sort()) {
          r.months.push(month);
          r.dims.push(dim);
          r.keys.push(key);
          r.mcounts.push(byKey.get(key)![0]!);
        }
      }
    }
    this.daily.clear();
    this.monthly.clear();
    this.lastDay = "";
    this.lastDayMap = null;
    this.lastMonth = "";
    this.lastMonthMap = null;
    return r;
  }
}

/** One batch's rollup counts as column arrays (plain data: it crosses worker threads). */
export interface RollupRows {
  days: string[];
  fns: string[];
  allowed: boolean[];
  devices: string[];
  counts: number[];
  bytes: number[];
  months: string[];
  dims: string[];
  keys: string[];
  mcounts: number[];
}

/** Adds a batch's counts to the rollup tables, with the batch's client, inside its transaction. */
export async function writeRollups(client: pg.ClientBase, customerId: string, r: RollupRows): Promise<void> {
  if (r.days.length) {
    await client.query(
      `INSERT INTO rollup_daily (customer_id, day, fn, allowed, device_id, count, bytes)
       SELECT $1, t.day, t.fn, t.allowed, t.device_id, t.count, t.bytes
       FROM unnest($2::date[], $3::text[], $4::bool[], $5::uuid[], $6::bigint[], $7::bigint[]) AS t(day, fn, allowed, device_id, count, bytes)
       ON CONFLICT (customer_id, day, fn, allowed, device_id)
       DO UPDATE SET count = rollup_daily.count + EXCLUDED.count, bytes = rollup_daily.bytes + EXCLUDED.bytes`,
      [customerId, r.days, r.fns, r.allowed, r.devices, r.counts, r.bytes],
    );
  }
  if (r.months.length) {
    await client.query(
      `INSERT INTO rollup_monthly (customer_id, month, dimension, key, count)
       SELECT $1, t.month, t.dimension, t.key, t.count
       FROM unnest($2::date[], $3::text[], $4::text[], $5::bigint[]) AS t(month, dimension, key, count)
       ON CONFLICT (customer_id, month, dimension, key) DO UPDATE SET count = rollup_monthly.count + EXCLUDED.count`,
      [customerId, r.months, r.dims, r.keys, r.mcounts],
    );
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
