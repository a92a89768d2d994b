import type { FunctionAlerts, LevelComparison } from "@/lib/alerts/report-sections";
import type { ReportData, ReportFn } from "./report-data";

// Series of every chart, from the report data object: recharts on the web and react-pdf's Svg in
// the PDF draw these same numbers.

export const LEVEL_KEYS = ["fatal", "critical", "minor", "warning"] as const;
export const COLORS = {
  fatal: "#6b1010",
  critical: "#d92d20",
  minor: "#f79009",
  warning: "#98a2b3",
  allow: "#2f6fb5",
  deny: "#d92d20",
  previous: "#a5b4c8",
  current: "#1d4e89",
  bar: "#2f6fb5",
} as const;
export const LEVEL_NAMES: Record<(typeof LEVEL_KEYS)[number], string> = { fatal: "Fatal", critical: "Critical", minor: "Minor", warning: "Warning" };

export interface StackPoint {
  label: string;
  values: Record<string, number>;
}
export interface Series {
  key: string;
  name: string;
  color: string;
}

export function dailyAlertChart(a: FunctionAlerts): { series: Series[]; points: StackPoint[] } {
  return {
    series: LEVEL_KEYS.map((k) => ({ key: k, name: LEVEL_NAMES[k], color: COLORS[k] })),
    points: a.daily.map((r) => ({ label: String(Number(r.date.slice(8, 10))), values: { fatal: r.fatal, critical: r.critical, minor: r.minor, warning: r.warning } })),
  };
}

export function dailyTrafficChart(d: ReportData, fn: ReportFn): { series: Series[]; points: StackPoint[] } {
  return {
    series: [
      { key: "allow", name: "通過 (Allow)", color: COLORS.allow },
      { key: "deny", name: "遮断 (Deny)", color: COLORS.deny },
    ],
    points: d.functions[fn].daily.map((r) => ({ label: String(Number(r.date.slice(8, 10))), values: { allow: r.allow, deny: r.deny } })),
  };
}

/** アラート検知割合: this month's alerts by level (all functions). */
export function alertShareChart(d: ReportData): { name: string; value: number; color: string }[] {
  return d.alertLevels.filter((l) => l.level !== "total").map((l) => ({ name: l.label, value: l.current, color: COLORS[l.level as (typeof LEVEL_KEYS)[number]] }));
}

export interface PairPoint {
  label: string;
  previous: number;
  current: number;
}

/** 1.1: total and blocked logs, previous vs this month. */
export function monthOverMonthChart(d: ReportData): PairPoint[] {
  return [
    { label: "総ログ件数", previous: d.summary.previous.totalLogs, current: d.summary.current.totalLogs },
    { label: "遮断ログ件数", previous: d.summary.previous.blockedLogs, current: d.summary.current.blockedLogs },
  ];
}

/** 2.x.2: alerts per level, previous vs this month. */
export function levelChart(levels: LevelComparison[]): PairPoint[] {
  return levels.filter((l) => l.level !== "total").map((l) => ({ label: l.label, previous: l.previous, current: l.current }));
}

/** Top-10 tables as bars. */
export function topChart(rows: { label: string; value: number }[]): { label: string; value: number }[] {
  return rows;
}
