import { prisma } from "@/lib/db/client";
import { makeLocalTimeConverter } from "@/lib/ingest/panos/time";
import { daysInMonth, nextMonth, previousMonth } from "@/lib/reports/month";
import { availabilityFor, type Availability } from "@/lib/outages/outages";
import { ALERT_FUNCTIONS, FUNCTION_LABEL_JA, LEVELS, LEVEL_LABEL, type AlertFunction, type Level } from "./constants";
import { defang, localDate, localDateTime } from "./format";

// The SOC's own work in the monthly report (sample: i.4–7, 1.1 alert levels, 1.2.x アラート
//分析, 2.x.1–2, 3–5): built from alerts notified to the customer, their notifications,
// inquiries, work items and outages. The report counts alerts that were notified, on the day
// they were detected (customer's zone); the notification history lists the month's notices.

export type LevelCounts = Record<Level, number> & { total: number };

export interface LevelComparison {
  level: Level | "total";
  label: string;
  previous: number;
  current: number;
  /** current / previous in percent (160.00); null when previous is 0 ("-") */
  ratio: number | null;
}

export interface DailyAlertRow {
  date: string;
  fatal: number;
  critical: number;
  minor: number;
  warning: number;
  total: number;
}

/** One row of a function's notified-alert table (1.2.x of the sample). */
export interface NotifiedAlertRow {
  no: number;
  alertId: string;
  notificationNumber: string | null;
  /** customer-local "YYYY-MM-DD HH:MM:SS" of the first event */
  detectedAt: string;
  notifiedAt: string | null;
  level: Level;
  levelLabel: string;
  srcIp: string | null;
  dstIp: string | null;
  category: string | null;
  url: string | null;
  /** "example1[.]jp", as the report prints URLs */
  urlDefanged: string | null;
  eventName: string;
  threatId: number | null;
  severity: string | null;
  action: string;
  allowed: boolean;
  count: number;
  /** the analyst's 説明/分析 sent with the notification */
  analysis: string;
}

export interface FunctionAlerts {
  daily: DailyAlertRow[];
  totals: LevelCounts;
  levels: LevelComparison[];
  notified: NotifiedAlertRow[];
}

export interface HistoryCounts {
  total: number;
  done: number;
  /** 未対応・対応中 */
  open: number;
}

export interface SocReportSections {
  /** 4. サービス稼働率 */
  availability: Availability;
  /** 5. アラート通知件数: function × level */
  alertCounts: Record<AlertFunction, LevelCounts>;
  /** 1.1 alert levels, this vs previous month, all functions */
  alertLevels: LevelComparison[];
  /** 1.2.x and 2.x.1–2 per function */
  alerts: Record<AlertFunction, FunctionAlerts>;
  /** 6. 問合せ件数 */
  inquiryCounts: HistoryCounts;
  /** 7. 作業件数 */
  workCounts: HistoryCounts;
  /** 3. 問合せ履歴 */
  inquiryHistory: { number: string; askedAt: string; subject: string; question: string; answer: string; status: string; statusLabel: string }[];
  /** 4. 作業実施内訳 */
  workHistory: { date: string; content: string; status: string; statusLabel: string }[];
  /** 5. アラート通知履歴 */
  notificationHistory: { sentAt: string; number: string; function: AlertFunction; functionLabel: string; eventName: string; count: number; level: Level }[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const ratio = (current: number, previous: number) => (previous > 0 ? round2((100 * current) / previous) : null);
const STATUS_LABEL = (status: string) => (status === "done" ? "対応済み" : "未対応・対応中");

function emptyCounts(): LevelCounts {
  return { fatal: 0, critical: 0, minor: 0, warning: 0, total: 0 };
}

function compare(previous: LevelCounts, current: LevelCounts): LevelComparison[] {
  return [
    ...LEVELS.map((level) => ({ level, label: LEVEL_LABEL[level], previous: previous[level], current: current[level], ratio: ratio(current[level], previous[level]) })),
    { level: "total" as const, label: "合計", previous: previous.total, current: current.total, ratio: ratio(current.total, previous.total) },
  ];
}

export async function buildSocReportSections(scope: { customerId: string }, month: string, timezone: string): Promise<SocReportSections> {
  const conv = makeLocalTimeConverter(timezone);
  const prev = previousMonth(month);
  const prevFrom = conv(`${prev}-01 00:00:00`)!;
  const from = conv(`${month}-01 00:00:00`)!;
  const to = conv(`${nextMonth(month)}-01 00:00:00`)!;
  const dayFrom = new Date(`${month}-01T00:00:00Z`);
  const dayTo = new Date(`${nextMonth(month)}-01T00:00:00Z`);

  const [alerts, notifications, inquiries, work, availability] = await Promise.all([
    prisma.alert.findMany({
      where: { customerId: scope.customerId, status: "notified", firstAt: { gte: prevFrom, lt: to } },
      orderBy: [{ firstAt: "asc" }, { id: "asc" }],
      include: { notification: { select: { number: true, notifiedAt: true, analysis: true } } },
    }),
    prisma.alertNotification.findMany({
      where: { customerId: scope.customerId, notifiedAt: { gte: from, lt: to } },
      orderBy: [{ notifiedAt: "asc" }, { seq: "asc" }],
      include: { alert: { select: { fn: true, eventName: true, count: true, level: true } } },
    }),
    prisma.inquiry.findMany({
      where: { customerId: scope.customerId, createdAt: { gte: from, lt: to } },
      orderBy: { createdAt: "asc" },
      include: { messages: { where: { fromStaff: true }, orderBy: { createdAt: "desc" }, take: 1, select: { body: true } } },
    }),
    prisma.workItem.findMany({ where: { customerId: scope.customerId, date: { gte: dayFrom, lt: dayTo } }, orderBy: [{ date: "asc" }, { createdAt: "asc" }] }),
    availabilityFor(scope, month, timezone),
  ]);

  const days = daysInMonth(month);
  const alertsOut = {} as Record<AlertFunction, FunctionAlerts>;
  const alertCounts = {} as Record<AlertFunction, LevelCounts>;
  const prevCountsByFn = {} as Record<AlertFunction, LevelCounts>;
  const dailyByFn = {} as Record<AlertFunction, Map<string, DailyAlertRow>>;
  for (const fn of ALERT_FUNCTIONS) {
    alertCounts[fn] = emptyCounts();
    prevCountsByFn[fn] = emptyCounts();
    dailyByFn[fn] = new Map(days.map((date) => [date, { date, fatal: 0, critical: 0, minor: 0, warning: 0, total: 0 }]));
    alertsOut[fn] = { daily: [], totals: alertCounts[fn], levels: [], notified: [] };
  }
  for (const a of alerts) {
    const fn = a.fn as AlertFunction;
    if (!alertCounts[fn]) continue;
    const level = a.level as Level;
    const current = a.firstAt >= from;
    const counts = current ? alertCounts[fn] : prevCountsByFn[fn];
    counts[level]++;
    counts.total++;
    if (!current) continue;
    const day = dailyByFn[fn].get(localDate(a.firstAt, timezone));
    if (day) {
      day[level]++;
      day.total++;
    }
    const rows = alertsOut[fn].notified;
    rows.push({
      no: rows.length + 1,
      alertId: a.id,
      notificationNumber: a.notification?.number ?? null,
      detectedAt: localDateTime(a.firstAt, timezone),
      notifiedAt: a.notification ? localDateTime(a.notification.notifiedAt, timezone) : null,
      level,
      levelLabel: LEVEL_LABEL[level],
      srcIp: a.srcIp,
      dstIp: a.dstIp,
      category: a.category,
      url: a.url,
      urlDefanged: a.url ? defang(a.url) : null,
      eventName: a.eventName,
      threatId: a.threatId === null ? null : Number(a.threatId),
      severity: a.severity,
      action: a.action,
      allowed: a.allowed,
      count: a.count,
      analysis: a.notification?.analysis ?? "",
    });
  }
  const allCurrent = emptyCounts();
  const allPrevious = emptyCounts();
  for (const fn of ALERT_FUNCTIONS) {
    alertsOut[fn].daily = [...dailyByFn[fn].values()];
    alertsOut[fn].levels = compare(prevCountsByFn[fn], alertCounts[fn]);
    for (const k of [...LEVELS, "total"] as const) {
      allCurrent[k] += alertCounts[fn][k];
      allPrevious[k] += prevCountsByFn[fn][k];
    }
  }

  const counts = (rows: { status: string }[]): HistoryCounts => {
    const done = rows.filter((r) => r.status === "done").length;
    return { total: rows.length, done, open: rows.length - done };
  };

  return {
    availability,
    alertCounts,
    alertLevels: compare(allPrevious, allCurrent),
    alerts: alertsOut,
    inquiryCounts: counts(inquiries),
    workCounts: counts(work),
    inquiryHistory: inquiries.map((i) => ({
      number: i.number,
      askedAt: localDateTime(i.createdAt, timezone, { seconds: false }),
      subject: i.subject,
      question: i.body,
      answer: i.messages[0]?.body ?? "",
      status: i.status,
      statusLabel: STATUS_LABEL(i.status),
    })),
    workHistory: work.map((w) => ({ date: w.date.toISOString().slice(0, 10), content: w.content, status: w.status, statusLabel: STATUS_LABEL(w.status) })),
    notificationHistory: notifications.map((n) => ({
      sentAt: localDateTime(n.notifiedAt, timezone, { seconds: false }),
      number: n.number,
      function: n.alert.fn as AlertFunction,
      functionLabel: FUNCTION_LABEL_JA[n.alert.fn as AlertFunction] ?? n.alert.fn,
      eventName: n.alert.eventName,
      count: n.alert.count,
      level: n.alert.level as Level,
    })),
  };
}
