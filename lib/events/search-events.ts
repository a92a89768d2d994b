import type pg from "pg";
import { pgPool } from "@/lib/db/pool";
import { makeLocalTimeConverter } from "@/lib/ingest/panos/time";
import { nextMonth } from "@/lib/reports/month";
import type { EventFilter } from "./filter";

// The event explorer's one query. Always scoped by customer and by a time range (so only
// that range's monthly partitions are read), keyset-paginated on (time, file_id, line_no):
// pages stay stable while new events are ingested.

export const PAGE_SIZE = 50;

export interface EventScope {
  customerId: string;
  timezone: string;
}

export interface EventRow {
  id: string; // "<fileId>-<lineNo>"
  time: string; // customer-local "YYYY-MM-DD HH:MM:SS"
  fn: string | null;
  logType: string;
  subtype: string;
  action: string;
  allowed: boolean;
  srcIp: string | null;
  srcPort: number | null;
  dstIp: string | null;
  dstPort: number | null;
  protocol: string | null;
  app: string | null;
  rule: string | null;
  url: string | null;
  category: string | null;
  threatName: string | null;
  threatId: string | null;
  severity: string | null;
  direction: string | null;
  srcCountry: string | null;
  dstCountry: string | null;
  repeatCount: number;
}

// The output column "time" is local text: ORDER BY must name events.time (the timestamptz), or it
// sorts by that text and no index on time can give the order.
export const EVENT_COLUMNS_SQL = `
  file_id::text || '-' || line_no::text AS id,
  to_char(time AT TIME ZONE $2, 'YYYY-MM-DD HH24:MI:SS') AS time,
  fn, log_type AS "logType", subtype, action, allowed, host(src_ip) AS "srcIp", src_port AS "srcPort",
  host(dst_ip) AS "dstIp", dst_port AS "dstPort", protocol, app, rule, url, category, threat_name AS "threatName",
  threat_id::text AS "threatId", severity, direction, src_country AS "srcCountry", dst_country AS "dstCountry",
  repeat_count AS "repeatCount"`;

export interface BuiltQuery {
  where: string;
  params: unknown[];
  from: Date;
  to: Date;
  /** An equality on one address or one threat id: what the BRIN index's bloom filters hold. */
  lookup: boolean;
}

/** An address without a prefix length, or with a full-length one (/32, /128). */
function isHost(v: string): boolean {
  const slash = v.indexOf("/");
  if (slash < 0) return true;
  const bits = v.slice(slash + 1);
  return bits === (v.includes(":") ? "128" : "32");
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The latest local month with data, or the current one: the default range. */
async function defaultMonth(client: pg.ClientBase, scope: EventScope): Promise<string> {
  const { rows } = await client.query<{ m: string | null }>(`SELECT to_char(max(day), 'YYYY-MM') AS m FROM rollup_daily WHERE customer_id = $1`, [scope.customerId]);
  return rows[0]?.m ?? new Intl.DateTimeFormat("sv-SE", { timeZone: scope.timezone, year: "numeric", month: "2-digit" }).format(new Date()).slice(0, 7);
}

/** WHERE clause and parameters; $1 = customer, $2 = time zone, $3/$4 = range. */
export async function buildEventQuery(client: pg.ClientBase, scope: EventScope, f: EventFilter): Promise<BuiltQuery> {
  const toUtc = makeLocalTimeConverter(scope.timezone);
  const local = (v: string) => toUtc(v.length === 10 ? `${v} 00:00:00` : v.replace("T", " ").padEnd(19, ":00").slice(0, 19));
  let from = f.from ? local(f.from) : null;
  let to = f.to ? local(f.to) : null;
  if (!from || !to) {
    const month = await defaultMonth(client, scope);
    from ??= toUtc(`${month}-01 00:00:00`)!;
    to ??= toUtc(`${nextMonth(month)}-01 00:00:00`)!;
  }
  const params: unknown[] = [scope.customerId, scope.timezone, from, to];
  const conds = ["customer_id = $1", "time >= $3", "time < $4"];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    conds.push(sql(`$${params.length}`));
  };
  if (f.fn) add((p) => `fn = ${p}`, f.fn);
  if (f.action) add((p) => `action = ${p}`, f.action);
  if (f.blocked) conds.push(f.blocked === "yes" ? "NOT allowed" : "allowed");
  // One address is an equality, so a finished month's (customer_id, src_ip, time) index gives
  // its events already in time order; a network is a range of that index.
  // An equality on an address or a threat id is a lookup (the BRIN index's bloom filters hold those).
  let lookup = false;
  const address = (column: string, v: string) => {
    lookup ||= isHost(v);
    add((p) => (isHost(v) ? `${column} = ${p}::inet` : `${column} <<= ${p}::inet`), v);
  };
  if (f.src) address("src_ip", f.src);
  if (f.dst) address("dst_ip", f.dst);
  if (f.port) add((p) => `dst_port = ${p}`, Number(f.port));
  if (f.threat) {
    if (/^\d+$/.test(f.threat)) {
      lookup = true;
      add((p) => `threat_id = ${p}`, f.threat);
    } else add((p) => `threat_name ILIKE ${p}`, `%${likeEscape(f.threat)}%`);
  }
  if (f.url) add((p) => `url ILIKE ${p}`, `%${likeEscape(f.url)}%`);
  if (f.category) add((p) => `category = ${p}`, f.category);
  if (f.severity) add((p) => `severity = ${p}`, f.severity);
  if (f.direction) add((p) => `direction = ${p}`, f.direction);
  return { where: conds.join(" AND "), params, from, to, lookup };
}

/**
 * In the current transaction, turns sequential scans off for a lookup. With statistics the
 * planner reads a lookup through the BRIN index's bloom filters by itself (migration 20261128010000),
 * but on a partition not analyzed yet (an ingest under 100,000 lines does not analyze) it scans
 * the month-to-date instead: ~1 s against ~12 ms through the filters on 2.25M events. There is
 * always an index to use instead: a finished month's btree indexes, else the BRIN index,
 * whose time ranges alone read no more than a scan would.
 */
export async function planAsLookup(client: pg.ClientBase, q: BuiltQuery): Promise<void> {
  if (q.lookup) await client.query("SET LOCAL enable_seqscan = off");
}

/** Runs `fn` in a read-only transaction planned for `q` (planAsLookup). */
export async function inEventQuery<T>(client: pg.ClientBase, q: BuiltQuery, fn: () => Promise<T>): Promise<T> {
  await client.query("BEGIN READ ONLY");
  try {
    await planAsLookup(client, q);
    const out = await fn();
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}

function decodeCursor(cursor: string | undefined): [string, string, string] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 3 && !Number.isNaN(Date.parse(v[0])) && /^\d+$/.test(v[1]) && /^\d+$/.test(v[2])) return v as [string, string, string];
  } catch {
    // a bad cursor is the first page
  }
  return null;
}

/** One time window of a page: `where` uses $1..$n, the window is $n+1..$n+2. */
export function pageSql(where: string, n: number, dir: "ASC" | "DESC", limit: number): string {
  return `SELECT ${EVENT_COLUMNS_SQL}, time AS "_t", file_id::text AS "_f", line_no::text AS "_l"
        FROM events WHERE ${where} AND time >= $${n + 1} AND time < $${n + 2}
        ORDER BY events.time ${dir}, file_id ${dir}, line_no ${dir} LIMIT ${limit}`;
}

export interface EventPage {
  rows: EventRow[];
  next: string | null;
  range: { from: string; to: string };
  ms: number;
}

export async function searchEvents(scope: EventScope, f: EventFilter): Promise<EventPage> {
  const t0 = performance.now();
  const client = await pgPool().connect();
  try {
    const q = await buildEventQuery(client, scope, f);
    const desc = f.order !== "asc";
    const cursor = decodeCursor(f.cursor);
    let where = q.where;
    const params = [...q.params];
    if (cursor) {
      params.push(cursor[0], cursor[1], cursor[2]);
      const n = params.length;
      where += ` AND (time, file_id, line_no) ${desc ? "<" : ">"} ($${n - 2}::timestamptz, $${n - 1}::bigint, $${n}::bigint)`;
    }
    const dir = desc ? "DESC" : "ASC";
    // An open month has only a BRIN index (a btree would slow ingest), so a month's page is not
    // found by sorting the whole month: read time windows from the newest (or oldest) end until
    // the page is full or the range is covered. Each window only touches the block ranges of its
    // own time span.
    const from = q.from.getTime();
    let to = q.to.getTime();
    if (cursor) {
      const c = Date.parse(cursor[0]);
      if (desc) to = Math.min(to, c + 1);
    }
    let lo = cursor && !desc ? Math.max(from, Date.parse(cursor[0])) : from;
    const rows: Record<string, unknown>[] = [];
    // Windows, newest (or oldest) first:
    // - no filter: an hour, then four times wider each step;
    // - a lookup (one address, one threat id): an hour, then eight times wider each step. Through
    //   the bloom filters each window reads only the block ranges that may hold the value, so a
    //   busy address fills its page in the first hour (bench, 5.4M events: 9 ms against 224 ms
    //   for a day), one seen a few times a day within hours, and a rare one in a few windows;
    //   one window for all the rest took 1.7 s for an address seen in most block ranges;
    // - other filters (a URL, a category, a network) read every row of what they read: the
    //   newest day first, then the rest of the range in one (parallel) scan, which a rare value
    //   needs anyway.
    // On a finished month lookups use its btree indexes instead (month-indexes.ts).
    const selective = !!(f.src || f.dst || f.threat || f.url || f.category);
    let width = selective && !q.lookup ? 86_400_000 : 3_600_000;
    let done = false;
    await inEventQuery(client, q, async () => {
      while (!done && rows.length <= PAGE_SIZE) {
        const a = desc ? Math.max(from, to - width) : lo;
        const b = desc ? to : Math.min(to, lo + width);
        const n = params.length;
        const r = await client.query(pageSql(where, n, dir, PAGE_SIZE + 1 - rows.length), [...params, new Date(a), new Date(b)]);
        rows.push(...r.rows);
        if (desc) {
          done = a <= from;
          to = a;
        } else {
          done = b >= to;
          lo = b;
        }
        width = q.lookup ? width * 8 : selective ? to - from : width * 4;
      }
    });
    const more = rows.length > PAGE_SIZE;
    const page = rows.slice(0, PAGE_SIZE);
    const last = page[page.length - 1];
    const next = more && last ? Buffer.from(JSON.stringify([(last._t as Date).toISOString(), last._f, last._l])).toString("base64url") : null;
    for (const r of page) {
      delete r._t;
      delete r._f;
      delete r._l;
    }
    return { rows: page as unknown as EventRow[], next, range: { from: q.from.toISOString(), to: q.to.toISOString() }, ms: Math.round(performance.now() - t0) };
  } finally {
    client.release();
  }
}
