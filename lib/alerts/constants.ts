// The vocabulary of SOC operations, shared by rules, alerts, the report and the UI.

/** Report functions an alert can belong to (design.md, "Mapping PAN-OS logs to report functions"). */
export const ALERT_FUNCTIONS = ["firewall", "url", "vulnerability", "spyware", "virus", "wildfire"] as const;
export type AlertFunction = (typeof ALERT_FUNCTIONS)[number];

/** Most severe first, as in the report tables. */
export const LEVELS = ["fatal", "critical", "minor", "warning"] as const;
export type Level = (typeof LEVELS)[number];

/** Display names as in the sample report. */
export const LEVEL_LABEL: Record<Level, string> = { fatal: "Fatal", critical: "Critical", minor: "Minor", warning: "Warning" };

export function levelRank(level: string): number {
  return 4 - LEVELS.indexOf(level as Level); // fatal 4 … warning 1, unknown 5 - never
}

export function moreSevere(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/** new → investigating → notified | closed (with a reason). */
export const STATUSES = ["new", "investigating", "notified", "closed"] as const;
export type AlertStatus = (typeof STATUSES)[number];
export const OPEN_STATUSES: AlertStatus[] = ["new", "investigating"];
export const CLOSE_REASONS = ["false_positive", "no_impact"] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const DIRECTIONS = ["inbound", "outbound", "internal", "external"] as const;
export const LIST_FIELDS = ["src", "dst", "either", "domain"] as const;
export type ListField = (typeof LIST_FIELDS)[number];
export const SEVERITIES = ["critical", "high", "medium", "low", "informational"] as const;

/** Japanese function names as in the report (対象機能). */
export const FUNCTION_LABEL_JA: Record<AlertFunction, string> = {
  firewall: "ファイアウォールポリシー",
  url: "URL フィルタリング",
  vulnerability: "脆弱性防御",
  spyware: "アンチスパイウェア",
  virus: "アンチウイルス",
  wildfire: "WildFire",
};

export const THREAT_FUNCTIONS = new Set<string>(["vulnerability", "spyware", "virus", "wildfire"]);
