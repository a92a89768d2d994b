import { LEVEL_LABEL, LEVELS } from "@/lib/alerts/constants";
import { prisma } from "@/lib/db/client";
import { percent } from "@/lib/format/numbers";
import { FUNCTIONS, type ReportFn } from "@/lib/reports/report-data";
import { daysInMonth, previousMonth } from "@/lib/reports/month";

// "How are we doing this month": month to date against the same days of the previous month,
// per function, from the daily rollup only; plus each firewall's last log.

export interface FunctionMtd {
  fn: ReportFn;
  total: number;
  blocked: number;
  blockedRatio: number | null;
  previousTotal: number;
  previousBlocked: number;
  /** this / previous in percent, null without a previous value */
  change: number | null;
}

export interface DeviceStatus {
  id: string;
  hostname: string;
  model: string;
  ip: string;
  serial: string;
  lastEventAt: Date | null;
  lastReceivedAt: Date | null;
  silent: boolean;
}

export interface Dashboard {
  month: string;
  asOf: string; // last local day included
  days: number;
  functions: FunctionMtd[];
  total: Omit<FunctionMtd, "fn">;
  daily: { date: string; allow: number; deny: number }[];
  devices: DeviceStatus[];
  silentAfterMinutes: number;
}

function localDate(d: Date, tz: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

export async function getDashboard(scope: { customerId: string; timezone: string }, opts: { now?: Date; silentAfterMinutes?: number } = {}): Promise<Dashboard> {
  const now = opts.now ?? new Date();
  const silentAfterMinutes = opts.silentAfterMinutes ?? Number(process.env.MAMORI_SILENT_DEVICE_MINUTES ?? 60);
  const today = localDate(now, scope.timezone);
  // With no logs yet this month (e.g. the demo's 2021 data), show the latest month that has some.
  const latest = await prisma.$queryRaw<{ day: string | null }[]>`
    SELECT max(day)::text AS day FROM rollup_daily WHERE customer_id = ${scope.customerId}::uuid AND day <= ${today}::date`;
  const asOf = latest[0]?.day && latest[0].day.slice(0, 7) !== today.slice(0, 7) ? latest[0].day : today;
  const month = asOf.slice(0, 7);
  const dayOfMonth = Number(asOf.slice(8, 10));
  const prev = previousMonth(month);
  const prevDays = daysInMonth(prev);
  const prevEnd = prevDays[Math.min(dayOfMonth, prevDays.length) - 1]!;

  const [rows, devices] = await Promise.all([
    prisma.$queryRaw<{ day: string; fn: string; allowed: boolean; count: bigint }[]>`
      SELECT day::text AS day, fn, allowed, sum(count)::bigint AS count FROM rollup_daily
      WHERE customer_id = ${scope.customerId}::uuid
        AND ((day >= ${`${month}-01`}::date AND day <= ${asOf}::date) OR (day >= ${`${prev}-01`}::date AND day <= ${prevEnd}::date))
      GROUP BY day, fn, allowed`,
    prisma.$queryRaw<{ id: string; hostname: string; model: string; ip: string; serial: string; last_event_at: Date | null; last_received_at: Date | null }[]>`
      SELECT d.id, d.hostname, d.model, d.ip, d.serial, a.last_event_at, a.last_received_at
      FROM devices d LEFT JOIN device_activity a ON a.device_id = d.id
      WHERE d.customer_id = ${scope.customerId}::uuid AND NOT d.disabled ORDER BY d.hostname`,
  ]);

  const cur = new Map<string, { total: number; blocked: number }>();
  const old = new Map<string, { total: number; blocked: number }>();
  const daily = new Map<string, { allow: number; deny: number }>(daysInMonth(month).filter((d) => d <= asOf).map((d) => [d, { allow: 0, deny: 0 }]));
  for (const r of rows) {
    const n = Number(r.count);
    const isCurrent = r.day.startsWith(month);
    const m = isCurrent ? cur : old;
    const t = m.get(r.fn) ?? { total: 0, blocked: 0 };
    t.total += n;
    if (!r.allowed) t.blocked += n;
    m.set(r.fn, t);
    if (isCurrent && (FUNCTIONS as readonly string[]).includes(r.fn)) {
      const d = daily.get(r.day);
      if (d) d[r.allowed ? "allow" : "deny"] += n;
    }
  }
  const mtd = (fn: ReportFn): FunctionMtd => {
    const c = cur.get(fn) ?? { total: 0, blocked: 0 };
    const p = old.get(fn) ?? { total: 0, blocked: 0 };
    return { fn, total: c.total, blocked: c.blocked, blockedRatio: percent(c.blocked, c.total), previousTotal: p.total, previousBlocked: p.blocked, change: percent(c.total, p.total) };
  };
  const functions = FUNCTIONS.map(mtd);
  const sum = functions.reduce(
    (a, f) => ({ total: a.total + f.total, blocked: a.blocked + f.blocked, previousTotal: a.previousTotal + f.previousTotal, previousBlocked: a.previousBlocked + f.previousBlocked }),
    { total: 0, blocked: 0, previousTotal: 0, previousBlocked: 0 },
  );
  return {
    month,
    asOf,
    days: dayOfMonth,
    functions,
    total: { ...sum, blockedRatio: percent(sum.blocked, sum.total), change: percent(sum.total, sum.previousTotal) },
    daily: [...daily.entries()].map(([date, v]) => ({ date, ...v })),
    devices: devices.map((d) => ({
      id: d.id,
      hostname: d.hostname,
      model: d.model,
      ip: d.ip,
      serial: d.serial,
      lastEventAt: d.last_event_at,
      lastReceivedAt: d.last_received_at,
      silent: !d.last_received_at || now.getTime() - d.last_received_at.getTime() > silentAfterMinutes * 60_000,
    })),
    silentAfterMinutes,
  };
}

export interface DashboardSoc {
  alertLevels: { level: string; current: number; previous: number }[];
  latestAlerts: { id: string; number: string | null; notifiedAt: Date | null; fn: string; level: string; ruleName: string; srcIp: string | null; dstIp: string | null }[];
  openInquiries: { id: string; number: string; subject: string; status: string; createdAt: Date }[];
  latestReport: { month: string; documentNumber: string; publishedAt: Date | null } | null;
}

/**
 * The SOC's side of the dashboard: notified alerts by level (month to date against the same
 * days of the previous month), the latest notified alerts, open inquiries, the latest
 * published report. Customers see notified alerts only, as everywhere else.
 */
export async function getDashboardSoc(scope: { customerId: string; timezone: string }, d: Pick<Dashboard, "month" | "asOf" | "days">): Promise<DashboardSoc> {
  const { makeLocalTimeConverter } = await import("@/lib/ingest/panos/time");
  const toUtc = makeLocalTimeConverter(scope.timezone);
  const prev = previousMonth(d.month);
  const prevDays = daysInMonth(prev);
  const addDay = (day: string) => {
    const x = new Date(`${day}T00:00:00Z`);
    x.setUTCDate(x.getUTCDate() + 1);
    return x.toISOString().slice(0, 10);
  };
  const range = (from: string, toExclusive: string) => ({ gte: toUtc(`${from} 00:00:00`)!, lt: toUtc(`${toExclusive} 00:00:00`)! });
  const cur = range(`${d.month}-01`, addDay(d.asOf));
  const old = range(`${prev}-01`, addDay(prevDays[Math.min(d.days, prevDays.length) - 1]!));
  const notified = { customerId: scope.customerId, status: "notified" };
  const [c, p, latestAlerts, openInquiries, latestReport] = await Promise.all([
    prisma.alert.groupBy({ by: ["level"], where: { ...notified, firstAt: cur }, _count: { _all: true } }),
    prisma.alert.groupBy({ by: ["level"], where: { ...notified, firstAt: old }, _count: { _all: true } }),
    prisma.alert.findMany({
      where: notified,
      orderBy: [{ firstAt: "desc" }, { id: "asc" }],
      take: 5,
      select: { id: true, fn: true, level: true, ruleName: true, srcIp: true, dstIp: true, notification: { select: { number: true, notifiedAt: true } } },
    }),
    prisma.inquiry.findMany({
      where: { customerId: scope.customerId, status: { not: "done" } },
      orderBy: { createdAt: "desc" },
      take: 5,
      select: { id: true, number: true, subject: true, status: true, createdAt: true },
    }),
    prisma.report.findFirst({ where: { customerId: scope.customerId, status: "published" }, orderBy: [{ month: "desc" }, { version: "desc" }], select: { month: true, documentNumber: true, publishedAt: true } }),
  ]);
  const count = (rows: { level: string; _count: { _all: number } }[], level: string) => rows.find((r) => r.level === level)?._count._all ?? 0;
  return {
    alertLevels: LEVELS.map((level) => ({ level: LEVEL_LABEL[level], current: count(c, level), previous: count(p, level) })),
    latestAlerts: latestAlerts.map((a) => ({ id: a.id, fn: a.fn, level: a.level, ruleName: a.ruleName, srcIp: a.srcIp, dstIp: a.dstIp, number: a.notification?.number ?? null, notifiedAt: a.notification?.notifiedAt ?? null })),
    openInquiries,
    latestReport,
  };
}
