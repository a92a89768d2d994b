import { filterQuery } from "@/lib/events/filter";
import { nextMonth } from "@/lib/reports/month";
import type { FunctionAlerts, LevelComparison } from "@/lib/alerts/report-sections";
import type { Endpoint, ReportData, ReportFn, TopAddress } from "./report-data";
import { FUNCTIONS } from "./report-data";
import { FUNCTION_LABEL } from "./outline";
import { formatCount, formatPercent, formatPt, formatRatio, jaDateTime } from "./format";

// Every table of the report as rows of display strings, built from the report data object once;
// the online view, the print view and the PDF render these same rows (no renderer formats a
// figure itself). Headings and column names are the sample's.

export interface Column {
  label: string;
  numeric?: boolean;
  /** relative width for the PDF (default 1) */
  width?: number;
}
export interface TableModel {
  columns: Column[];
  rows: string[][];
  /** Online only: per row, column index → explorer URL for the events behind that figure. */
  links?: Record<number, string>[];
  /** a 合計 row, set apart */
  total?: string[];
}

const n = formatCount;
const ken = (x: number) => `${n(x)} 件`;

export function devicesTable(d: ReportData): TableModel {
  return {
    columns: [{ label: "機器", width: 2 }, { label: "機能" }, { label: "ホスト名", width: 1.5 }, { label: "IP アドレス", width: 1.5 }],
    rows: d.devices.map((x) => [`${x.vendor} ${x.model}`, x.function, x.hostname, x.ip]),
  };
}

export function availabilityTable(d: ReportData): TableModel {
  const a = d.availability;
  const pct = Number.isInteger(a.availability) ? `${a.availability}%` : formatPercent(a.availability);
  return { columns: [{ label: "稼働率" }, { label: "停止時間" }, { label: "備考", width: 3 }], rows: [[pct, `${a.downtimeHours.toFixed(2)} 時間`, a.note]] };
}

export function alertCountsTable(d: ReportData): TableModel {
  return {
    columns: [{ label: "対象機能", width: 2 }, { label: "Fatal", numeric: true }, { label: "Critical", numeric: true }, { label: "Minor", numeric: true }],
    rows: FUNCTIONS.map((fn) => {
      const c = d.alertCounts[fn];
      return [FUNCTION_LABEL[fn], ken(c?.fatal ?? 0), ken(c?.critical ?? 0), ken(c?.minor ?? 0)];
    }),
  };
}

export function historyCountsTable(c: { total: number; done: number; open: number }, first: "問合せ件数" | "作業件数"): TableModel {
  return { columns: [{ label: first, numeric: true }, { label: "対応済み", numeric: true }, { label: "未対応・対応中", numeric: true }], rows: [[ken(c.total), ken(c.done), ken(c.open)]] };
}

export function summaryTable(d: ReportData): TableModel {
  const s = d.summary;
  return {
    columns: [{ label: "月度" }, { label: "総ログ件数", numeric: true }, { label: "遮断ログ件数", numeric: true }, { label: "遮断比率", numeric: true }],
    rows: [
      ["前月", n(s.previous.totalLogs), n(s.previous.blockedLogs), s.previous.totalLogs ? formatPercent(s.previous.blockedRatio) : "-"],
      ["当月", n(s.current.totalLogs), n(s.current.blockedLogs), s.current.totalLogs ? formatPercent(s.current.blockedRatio) : "-"],
      ["先月比", formatPercent(s.totalLogsRatio), formatPercent(s.blockedLogsRatio), s.previous.totalLogs && s.current.totalLogs ? formatPt(s.blockedRatioPt) : "-"],
    ],
  };
}

export function levelTable(levels: LevelComparison[]): TableModel {
  const rows = levels.map((l) => [l.label, n(l.previous), n(l.current), formatPercent(l.ratio)]);
  return {
    columns: [{ label: "危険度" }, { label: "前月度", numeric: true }, { label: "今月度", numeric: true }, { label: "前月比", numeric: true }],
    rows: rows.slice(0, -1),
    total: rows[rows.length - 1],
  };
}

export function dailyAlertsTable(a: FunctionAlerts): TableModel {
  return {
    columns: [{ label: "日付", width: 1.6 }, { label: "Fatal", numeric: true }, { label: "Critical", numeric: true }, { label: "Minor", numeric: true }, { label: "Warning", numeric: true }, { label: "総計", numeric: true }],
    rows: a.daily.map((r) => [r.date, n(r.fatal), n(r.critical), n(r.minor), n(r.warning), n(r.total)]),
    total: ["合計", n(a.totals.fatal), n(a.totals.critical), n(a.totals.minor), n(a.totals.warning), n(a.totals.total)],
  };
}

export function dailyTrafficTable(d: ReportData, fn: ReportFn): TableModel {
  const f = d.functions[fn];
  return {
    columns: [{ label: "日付", width: 1.2 }, { label: "通過 (Allow)", numeric: true }, { label: "遮断 (Deny)", numeric: true }, { label: "合計", numeric: true }],
    rows: f.daily.map((r) => [r.date, n(r.allow), n(r.deny), n(r.total)]),
    total: ["合計", n(f.totals.allow), n(f.totals.deny), n(f.totals.total)],
  };
}

/** The explorer URL for the events behind a figure of the report's month. */
export function eventsLink(d: ReportData, filter: Record<string, string | number>): string {
  return `/customers/${d.customer.slug}/events?${filterQuery({ from: `${d.month}-01`, to: `${nextMonth(d.month)}-01`, ...filter })}`;
}

export function topAddressTable(rows: TopAddress[], side: "送信元" | "宛先", d?: ReportData): TableModel {
  return {
    links: d && rows.map((r) => ({ 1: eventsLink(d, { fn: "firewall", [side === "送信元" ? "src" : "dst"]: r.ip }), 5: eventsLink(d, { fn: "firewall", [side === "送信元" ? "src" : "dst"]: r.ip }) })),
    columns: [{ label: "No", width: 0.4 }, { label: `${side} IP アドレス`, width: 1.8 }, { label: "国名", width: 0.6 }, { label: "機関名", width: 1.8 }, { label: "前月度", numeric: true, width: 1.2 }, { label: "今月度", numeric: true, width: 1.2 }, { label: "前月比", numeric: true }],
    rows: rows.map((r, i) => [String(i + 1), r.ip, r.country ?? "-", r.org ?? "-", n(r.previous), n(r.current), formatRatio(r.current, r.previous)]),
  };
}

export function topPortsTable(d: ReportData): TableModel {
  return {
    columns: [{ label: "No", width: 0.4 }, { label: "宛先ポート" }, { label: "プロトコル" }, { label: "件数", numeric: true }],
    rows: d.functions.firewall.topPorts.map((p, i) => [String(i + 1), String(p.port), p.protocol || "-", n(p.count)]),
    links: d.functions.firewall.topPorts.map((p) => ({ 3: eventsLink(d, { fn: "firewall", port: p.port }) })),
  };
}

export function topCategoriesTable(d: ReportData): TableModel {
  return {
    columns: [{ label: "No", width: 0.4 }, { label: "URL カテゴリ", width: 3 }, { label: "件数", numeric: true }],
    rows: d.functions.url.topCategories.map((c, i) => [String(i + 1), c.category, n(c.count)]),
    links: d.functions.url.topCategories.map((c) => ({ 1: eventsLink(d, { fn: "url", category: c.category }), 2: eventsLink(d, { fn: "url", category: c.category }) })),
  };
}

export function topEventsTable(d: ReportData, only?: number): TableModel {
  const rows = d.topEvents.map((e, i) => [String(i + 1), e.name, FUNCTION_LABEL[e.function], e.severity, n(e.count)]);
  const links = d.topEvents.map((e) => {
    const href = eventsLink(d, { fn: e.function, threat: e.threatId ?? e.threatName });
    return { 1: href, 4: href };
  });
  return {
    links: only === undefined ? links : links.slice(only, only + 1),
    columns: [{ label: "No.", width: 0.4 }, { label: "イベント名", width: 4 }, { label: "対象機能", width: 1.4 }, { label: "Severity", width: 0.9 }, { label: "件数", numeric: true, width: 0.8 }],
    rows: only === undefined ? rows : rows.slice(only, only + 1),
  };
}

export function endpointsTable(rows: Endpoint[], side: "送信元" | "宛先"): TableModel {
  return {
    columns: [{ label: `${side} IP アドレス`, width: 2 }, { label: "国名", width: 0.8 }, { label: "機関名", width: 2 }, { label: "件数", numeric: true }],
    rows: rows.map((r) => [r.ip, r.country ?? "-", r.org ?? "-", n(r.count)]),
  };
}

/** 1.2.x: the function's notified alerts, with the sample's columns per function. */
export function notifiedAlertsTable(d: ReportData, fn: ReportFn): TableModel {
  const rows = d.alerts[fn]?.notified ?? [];
  const ev = (r: (typeof rows)[number]) => (r.threatId !== null && !r.eventName.endsWith(`(${r.threatId})`) ? `${r.eventName}(${r.threatId})` : r.eventName);
  const analysis = (r: (typeof rows)[number]) => r.analysis || "-";
  switch (fn) {
    case "firewall":
      return {
        columns: [{ label: "No.", width: 0.4 }, { label: "検知日時", width: 1.6 }, { label: "送信元 IP アドレス", width: 1.4 }, { label: "宛先 IP アドレス", width: 1.4 }, { label: "件数", numeric: true, width: 0.6 }],
        rows: rows.map((r) => [String(r.no), jaDateTime(r.detectedAt), r.srcIp ?? "-", r.dstIp ?? "-", n(r.count)]),
      };
    case "url":
      return {
        columns: [{ label: "No.", width: 0.4 }, { label: "送信元 IP アドレス", width: 1.2 }, { label: "宛先 IP アドレス", width: 1.2 }, { label: "カテゴリ", width: 1 }, { label: "URL", width: 1.4 }, { label: "説明/分析", width: 2.6 }, { label: "件数", numeric: true, width: 0.5 }],
        rows: rows.map((r) => [String(r.no), r.srcIp ?? "-", r.dstIp ?? "-", r.category ?? "-", r.urlDefanged ?? "-", analysis(r), n(r.count)]),
      };
    case "spyware":
      return {
        columns: [{ label: "No.", width: 0.4 }, { label: "宛先 IP アドレス", width: 1.2 }, { label: "イベント名", width: 2.4 }, { label: "説明/分析", width: 2.6 }, { label: "件数", numeric: true, width: 0.5 }],
        rows: rows.map((r) => [String(r.no), r.dstIp ?? "-", ev(r), analysis(r), n(r.count)]),
      };
    case "wildfire":
      return {
        columns: [{ label: "No.", width: 0.4 }, { label: "発生日時", width: 1.4 }, { label: "送信元 IP アドレス", width: 1.2 }, { label: "宛先 IP アドレス", width: 1.2 }, { label: "イベント名", width: 1.4 }, { label: "説明/分析", width: 2.4 }],
        rows: rows.map((r) => [String(r.no), r.detectedAt.replace(/-/g, "/"), r.srcIp ?? "-", r.dstIp ?? "-", ev(r), analysis(r)]),
      };
    default:
      return {
        columns: [{ label: "No.", width: 0.4 }, { label: "検知日時", width: 1.4 }, { label: "送信元 IP アドレス", width: 1.2 }, { label: "宛先 IP アドレス", width: 1.2 }, { label: "イベント名", width: 2.4 }, { label: "件数", numeric: true, width: 0.5 }],
        rows: rows.map((r) => [String(r.no), r.detectedAt, r.srcIp ?? "-", r.dstIp ?? "-", ev(r), n(r.count)]),
      };
  }
}

export function inquiryHistoryTable(d: ReportData): TableModel {
  return {
    columns: [{ label: "問合せ番号", width: 1.1 }, { label: "問合せ日時", width: 1.2 }, { label: "問合せ内容", width: 2.5 }, { label: "回答内容", width: 2.5 }, { label: "ステータス", width: 0.9 }],
    rows: d.inquiryHistory.map((q) => [q.number, q.askedAt, q.question || q.subject, q.answer || "-", q.statusLabel]),
  };
}

export function workHistoryTable(d: ReportData): TableModel {
  return { columns: [{ label: "作業日付", width: 1 }, { label: "作業内容", width: 4 }, { label: "ステータス", width: 1 }], rows: d.workHistory.map((w) => [w.date, w.content, w.statusLabel]) };
}

export function notificationHistoryTable(d: ReportData): TableModel {
  return {
    columns: [{ label: "送信日時", width: 1.2 }, { label: "報告書番号", width: 1.5 }, { label: "対象機能", width: 1.4 }, { label: "検知イベント", width: 3 }, { label: "件数", numeric: true, width: 0.5 }],
    rows: d.notificationHistory.map((h) => [h.sentAt, h.number, h.functionLabel, h.eventName, n(h.count)]),
  };
}
