import { prisma } from "@/lib/db/client";
import { CustomerContext } from "@/lib/ingest/context";
import { parseThreatKey } from "@/lib/ingest/rollups";
import { percent, pointChange } from "@/lib/format/numbers";
import { daysInMonth, monthStart, previousMonth } from "./month";

export { percent, pointChange };
import { buildSocReportSections, type SocReportSections } from "@/lib/alerts/report-sections"; // SOC work: alerts, inquiries, work, availability
import { buildTrafficAnalysis, type TrafficAnalysis } from "./traffic-analysis"; // figures behind the commentary drafts

// The report data model: one typed object per customer and month, built from rollups only
// (its cost does not grow with the number of events). The online view, the print view, the
// PDF and `soc report data` all render this same object.

export const FUNCTIONS = ["firewall", "url", "vulnerability", "spyware", "virus", "wildfire"] as const;
export type ReportFn = (typeof FUNCTIONS)[number];
const THREAT_FUNCTIONS: ReportFn[] = ["vulnerability", "spyware", "virus", "wildfire"];
const TOP_EVENT_SEVERITIES = ["medium", "high", "critical"];

export interface DailyRow {
  date: string;
  allow: number;
  deny: number;
  total: number;
}
export interface Totals {
  allow: number;
  deny: number;
  total: number;
}
export interface MonthSummary {
  totalLogs: number;
  blockedLogs: number;
  /** blocked share of all logs in percent, 2 decimals (34.27) */
  blockedRatio: number;
}
export interface TopAddress {
  ip: string;
  country: string | null;
  org: string | null;
  previous: number | null;
  current: number;
}
export interface Endpoint {
  ip: string;
  country: string | null;
  org: string | null;
  count: number;
}
export interface TopEvent {
  name: string; // display name "Name(id)"
  threatName: string;
  threatId: number | null;
  function: ReportFn;
  severity: string;
  count: number;
  sources: Endpoint[];
  destinations: Endpoint[];
}
export interface FunctionData {
  daily: DailyRow[];
  totals: Totals;
  previousTotals: Totals;
}
/** SocReportSections (lib/alerts/report-sections) adds the SOC's own work: availability, alertCounts, alertLevels, alerts, inquiryCounts, workCounts, inquiryHistory, workHistory, notificationHistory. */
export interface ReportData extends SocReportSections {
  month: string;
  timezone: string;
  period: { from: string; to: string };
  customer: { slug: string; name: string };
  devices: { vendor: string; model: string; function: string; hostname: string; ip: string; serial: string }[];
  summary: {
    current: MonthSummary;
    previous: MonthSummary;
    /** this month / previous month in percent (109.04); null without a previous value */
    totalLogsRatio: number | null;
    blockedLogsRatio: number | null;
    /** change of the blocked ratio in percentage points (1.16) */
    blockedRatioPt: number;
  };
  functions: Record<ReportFn, FunctionData> & {
    firewall: FunctionData & { topSources: TopAddress[]; topDestinations: TopAddress[]; topPorts: { port: number; protocol: string; count: number }[] };
    url: FunctionData & { topCategories: { category: string; count: number }[] };
  };
  topEvents: TopEvent[];
  /** traffic by direction, blocked ports, last month's top categories, event directions (lib/reports/traffic-analysis) */
  trafficAnalysis: TrafficAnalysis;
}

export async function buildReportData(scope: { customerId: string }, month: string): Promise<ReportData> {
  const prev = previousMonth(month);
  const ctx = await CustomerContext.load(scope);
  const [customer, daily, prevTotals, tops, threats, soc, traffic] = await Promise.all([
    prisma.customer.findUniqueOrThrow({
      where: { id: scope.customerId },
      select: { slug: true, name: true, devices: { where: { disabled: false }, orderBy: { hostname: "asc" }, select: { vendor: true, model: true, function: true, hostname: true, ip: true, serial: true } } },
    }),
    dailyRows(scope.customerId, month),
    monthTotals(scope.customerId, prev),
    topKeys(scope.customerId, month),
    threatRows(scope.customerId, month),
    buildSocReportSections(scope, month, ctx.timezone),
    buildTrafficAnalysis(scope.customerId, month, ctx),
  ]);

  const days = daysInMonth(month);
  const functions = {} as ReportData["functions"];
  for (const fn of FUNCTIONS) {
    const byDay = daily.get(fn) ?? new Map<string, Totals>();
    const rows = days.map((date) => {
      const t = byDay.get(date) ?? { allow: 0, deny: 0, total: 0 };
      return { date, ...t };
    });
    const totals = rows.reduce((a, r) => ({ allow: a.allow + r.allow, deny: a.deny + r.deny, total: a.total + r.total }), { allow: 0, deny: 0, total: 0 });
    functions[fn] = { daily: rows, totals, previousTotals: prevTotals.get(fn) ?? { allow: 0, deny: 0, total: 0 } } as never;
  }

  const prevCounts = await previousCounts(scope.customerId, prev, [
    ...tops.src.map((r) => ["fw.src", r.key] as const),
    ...tops.dst.map((r) => ["fw.dst", r.key] as const),
  ]);
  const address = (ip: string) => ctx.address(ip);
  const topAddress = (dimension: string, rows: { key: string; count: number }[]): TopAddress[] =>
    rows.map((r) => {
      const a = address(r.key);
      return { ip: r.key, country: a.country, org: a.org, previous: prevCounts.get(`${dimension}|${r.key}`) ?? null, current: r.count };
    });
  functions.firewall.topSources = topAddress("fw.src", tops.src);
  functions.firewall.topDestinations = topAddress("fw.dst", tops.dst);
  functions.firewall.topPorts = tops.port.map((r) => {
    const [port, protocol] = r.key.split("/");
    return { port: Number(port), protocol: (protocol ?? "").toUpperCase(), count: r.count };
  });
  functions.url.topCategories = tops.category.map((r) => ({ category: r.key, count: r.count }));

  const summaryOf = (pick: (fn: ReportFn) => Totals): MonthSummary => {
    let total = 0;
    let blocked = 0;
    for (const fn of FUNCTIONS) {
      total += pick(fn).total;
      blocked += pick(fn).deny;
    }
    return { totalLogs: total, blockedLogs: blocked, blockedRatio: percent(blocked, total) ?? 0 };
  };
  const current = summaryOf((fn) => functions[fn].totals);
  const previous = summaryOf((fn) => functions[fn].previousTotals);

  return {
    month,
    timezone: ctx.timezone,
    period: { from: `${month}-01 00:00`, to: `${days[days.length - 1]} 23:59` },
    customer: { slug: customer.slug, name: customer.name },
    devices: customer.devices,
    summary: {
      current,
      previous,
      totalLogsRatio: percent(current.totalLogs, previous.totalLogs),
      blockedLogsRatio: percent(current.blockedLogs, previous.blockedLogs),
      blockedRatioPt: pointChange(current.blockedRatio, previous.blockedRatio),
    },
    functions,
    topEvents: topEvents(threats, address),
    ...soc,
    ...traffic,
  };
}

async function dailyRows(customerId: string, month: string): Promise<Map<string, Map<string, Totals>>> {
  const rows = await prisma.$queryRaw<{ day: string; fn: string; allowed: boolean; count: bigint }[]>`
    SELECT day::text AS day, fn, allowed, sum(count)::bigint AS count FROM rollup_daily
    WHERE customer_id = ${customerId}::uuid AND day >= ${monthStart(month)}::date AND day < (${monthStart(month)}::date + interval '1 month')
    GROUP BY day, fn, allowed`;
  const out = new Map<string, Map<string, Totals>>();
  for (const r of rows) addCount(out.get(r.fn) ?? out.set(r.fn, new Map()).get(r.fn)!, r.day, r.allowed, Number(r.count));
  return out;
}

/** Adds n allowed or blocked logs to the totals kept under key. */
function addCount(totals: Map<string, Totals>, key: string, allowed: boolean, n: number): void {
  const t = totals.get(key) ?? { allow: 0, deny: 0, total: 0 };
  if (allowed) t.allow += n;
  else t.deny += n;
  t.total += n;
  totals.set(key, t);
}

async function monthTotals(customerId: string, month: string): Promise<Map<string, Totals>> {
  const rows = await prisma.$queryRaw<{ fn: string; allowed: boolean; count: bigint }[]>`
    SELECT fn, allowed, sum(count)::bigint AS count FROM rollup_daily
    WHERE customer_id = ${customerId}::uuid AND day >= ${monthStart(month)}::date AND day < (${monthStart(month)}::date + interval '1 month')
    GROUP BY fn, allowed`;
  const out = new Map<string, Totals>();
  for (const r of rows) addCount(out, r.fn, r.allowed, Number(r.count));
  return out;
}

async function topKeys(customerId: string, month: string) {
  const top = (dimension: string, limit: number) =>
    prisma.$queryRaw<{ key: string; count: bigint }[]>`
      SELECT key, count FROM rollup_monthly WHERE customer_id = ${customerId}::uuid AND month = ${monthStart(month)}::date AND dimension = ${dimension}
      ORDER BY count DESC, key ASC LIMIT ${limit}`.then((rows) => rows.map((r) => ({ key: r.key, count: Number(r.count) })));
  const [src, dst, port, category] = await Promise.all([top("fw.src", 10), top("fw.dst", 10), top("fw.port", 10), top("url.category", 10)]);
  return { src, dst, port, category };
}

async function previousCounts(customerId: string, month: string, keys: (readonly [string, string])[]): Promise<Map<string, number>> {
  if (!keys.length) return new Map();
  const rows = await prisma.$queryRaw<{ dimension: string; key: string; count: bigint }[]>`
    SELECT dimension, key, count FROM rollup_monthly
    WHERE customer_id = ${customerId}::uuid AND month = ${monthStart(month)}::date
      AND (dimension, key) IN (SELECT * FROM unnest(${keys.map((k) => k[0])}::text[], ${keys.map((k) => k[1])}::text[]))`;
  return new Map(rows.map((r) => [`${r.dimension}|${r.key}`, Number(r.count)]));
}

async function threatRows(customerId: string, month: string) {
  const rows = await prisma.$queryRaw<{ dimension: string; key: string; count: bigint }[]>`
    SELECT dimension, key, count FROM rollup_monthly
    WHERE customer_id = ${customerId}::uuid AND month = ${monthStart(month)}::date AND dimension IN ('threat', 'threat.src', 'threat.dst')`;
  return rows.map((r) => ({ dimension: r.dimension, key: r.key, count: Number(r.count) }));
}

function topEvents(rows: { dimension: string; key: string; count: number }[], address: (ip: string) => { country: string | null; org: string | null }): TopEvent[] {
  const endpoints = new Map<string, Endpoint[]>();
  for (const r of rows) {
    if (r.dimension === "threat") continue;
    const [fn, id, ...ip] = r.key.split("|");
    const k = `${r.dimension}|${fn}|${id}`;
    const a = address(ip.join("|"));
    (endpoints.get(k) ?? endpoints.set(k, []).get(k)!).push({ ip: ip.join("|"), country: a.country, org: a.org, count: r.count });
  }
  const top5 = (k: string) => (endpoints.get(k) ?? []).sort((a, b) => b.count - a.count || (a.ip < b.ip ? -1 : 1)).slice(0, 5);
  return rows
    .filter((r) => r.dimension === "threat")
    .map((r) => ({ ...parseThreatKey(r.key), count: r.count }))
    .filter((t) => THREAT_FUNCTIONS.includes(t.fn as ReportFn) && TOP_EVENT_SEVERITIES.includes(t.severity.toLowerCase()))
    .sort((a, b) => b.count - a.count || severityRank(b.severity) - severityRank(a.severity) || (a.name < b.name ? -1 : 1))
    .slice(0, 10)
    .map((t) => ({
      name: `${t.name}(${t.threatId ?? ""})`,
      threatName: t.name,
      threatId: t.threatId,
      function: t.fn as ReportFn,
      severity: t.severity,
      count: t.count,
      sources: top5(`threat.src|${t.fn}|${t.threatId ?? ""}`),
      destinations: top5(`threat.dst|${t.fn}|${t.threatId ?? ""}`),
    }));
}

function severityRank(s: string): number {
  return ["informational", "low", "medium", "high", "critical"].indexOf(s.toLowerCase());
}
