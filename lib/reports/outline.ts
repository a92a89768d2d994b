import { FUNCTION_LABEL_JA } from "@/lib/alerts/constants";
import { FUNCTIONS, type ReportFn } from "./report-data";

// The report's sections in the sample's order and numbering: the one source of headings, anchors
// and the table of contents for the online view, the print view and the PDF.

/** 対象機能 names: one list for the report and the alert pages. */
export const FUNCTION_LABEL: Record<ReportFn, string> = FUNCTION_LABEL_JA;

export const THREAT_FNS = ["vulnerability", "spyware", "virus", "wildfire"] as const satisfies readonly ReportFn[];
export type ThreatFn = (typeof THREAT_FNS)[number];

export interface OutlineEntry {
  /** anchor id, e.g. "s-2-1-4" */
  id: string;
  /** "i.", "1.", "1.2", "2.1.4" */
  number: string;
  title: string;
  /** 0 part (i. / ii.), 1 chapter (1.), 2 section (1.1), 3 subsection (2.1.4) */
  level: 0 | 1 | 2 | 3;
}

export const heading = (e: OutlineEntry) => `${e.number} ${e.title}`;

const entry = (number: string, title: string, level: OutlineEntry["level"]): OutlineEntry => ({
  id: `s-${number.replace(/\.$/, "").replace(/\./g, "-")}`,
  number,
  title,
  level,
});

function build(): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const partI = { ...entry("i.", "サービスの概要", 0), id: "s-part-i" };
  out.push(partI);
  ["ネットワーク構成図", "監視期間", "セキュリティ機器", "サービス稼働率", "アラート通知件数", "問合せ件数", "作業件数"].forEach((t, i) =>
    out.push({ ...entry(`${i + 1}.`, t, 1), id: `s-i-${i + 1}` }),
  );
  out.push({ ...entry("ii.", "月次分析", 0), id: "s-part-ii" });
  out.push(entry("1.", "総括", 1));
  out.push(entry("1.1", "全体分析", 2));
  out.push(entry("1.2", "各監視機能別分析", 2));
  FUNCTIONS.forEach((fn, i) => out.push(entry(`1.2.${i + 1}`, FUNCTION_LABEL[fn], 3)));
  out.push(entry("2.", "統計", 1));
  FUNCTIONS.forEach((fn, i) => {
    const n = `2.${i + 1}`;
    out.push(entry(n, FUNCTION_LABEL[fn], 2));
    out.push(entry(`${n}.1`, "日別アラート発生数", 3));
    out.push(entry(`${n}.2`, "レベル別アラート件数", 3));
    out.push(entry(`${n}.3`, "日別通信検知数", 3));
    if (fn === "firewall") {
      out.push(entry(`${n}.4`, "送信元 IP トップ 10", 3));
      out.push(entry(`${n}.5`, "宛先 IP トップ 10", 3));
      out.push(entry(`${n}.6`, "宛先 Port トップ 10", 3));
    }
    if (fn === "url") out.push(entry(`${n}.4`, "URL フィルタリングカテゴリ トップ 10", 3));
  });
  out.push(entry("2.7", "イベント トップ 10", 2));
  out.push(entry("2.7.1", "イベント トップ 10 統計", 3));
  out.push(entry("2.7.2", "イベント トップ 10 詳細分析", 3));
  out.push(entry("3.", "問合せ履歴", 1));
  out.push(entry("4.", "作業実施内訳", 1));
  out.push(entry("5.", "アラート通知履歴", 1));
  return out;
}

export const OUTLINE: readonly OutlineEntry[] = build();
const BY_NUMBER = new Map(OUTLINE.map((e) => [e.id, e]));

/** The outline entry of an anchor id (throws on a typo: headings are never invented ad hoc). */
export function section(id: string): OutlineEntry {
  const e = BY_NUMBER.get(id);
  if (!e) throw new Error(`unknown report section ${id}`);
  return e;
}

/** Anchor ids of the function sections. */
export const fnIndex = (fn: ReportFn) => FUNCTIONS.indexOf(fn) + 1;
export const fnAnalysisId = (fn: ReportFn) => `s-1-2-${fnIndex(fn)}`;
export const fnStatsId = (fn: ReportFn) => `s-2-${fnIndex(fn)}`;

// ---- commentary sections (what analysts write) ----

export type SectionKey = string;
export const OVERVIEW_KEY = "overview";
export const fnAlertsKey = (fn: ReportFn) => `fn.${fn}.alerts`;
export const fnOtherKey = (fn: ReportFn) => `fn.${fn}.other`;
export const eventAnalysisKey = (fn: string, threatId: number) => `event.${fn}.${threatId}`;

export const SECTION_KEY_RE = new RegExp(
  `^(overview|fn\\.(${FUNCTIONS.join("|")})\\.(alerts|other)|event\\.(${THREAT_FNS.join("|")})\\.\\d{1,12})$`,
);

/** A human label of a section key, e.g. "1.2.2 URL フィルタリング ■その他". */
export function sectionLabel(key: SectionKey): string {
  if (key === OVERVIEW_KEY) return "1.1 全体分析";
  const fn = /^fn\.(\w+)\.(alerts|other)$/.exec(key);
  if (fn) {
    const f = fn[1] as ReportFn;
    return `1.2.${fnIndex(f)} ${FUNCTION_LABEL[f]} ■${fn[2] === "alerts" ? "アラート分析" : "その他"}`;
  }
  const ev = /^event\.(\w+)\.(\d+)$/.exec(key);
  if (ev) return `2.7.2 ${FUNCTION_LABEL[ev[1] as ReportFn]} (${ev[2]}) ■ イベント分析`;
  return key;
}
