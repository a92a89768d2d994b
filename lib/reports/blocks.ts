import type { ReportData, ReportFn } from "./report-data";
import { FUNCTIONS } from "./report-data";
import {
  FUNCTION_LABEL, OUTLINE, OVERVIEW_KEY, eventAnalysisKey, fnAlertsKey, fnIndex, fnOtherKey, section, type OutlineEntry,
} from "./outline";
import * as T from "./tables";
import * as C from "./chart-data";
import { eventFocus } from "./drafts";
import type { Series, StackPoint, PairPoint } from "./chart-data";

// The report as a sequence of blocks in the sample's order (headings, fixed sentences, analyst
// commentary, tables, charts, the network diagram…). The web view (online, print, editor) and the
// PDF walk this same list, so the two cannot drift apart in content, order or numbering.

export type ChartSpec =
  | { kind: "stacked"; series: Series[]; points: StackPoint[] }
  | { kind: "pair"; points: PairPoint[] }
  | { kind: "pie"; slices: { name: string; value: number; color: string }[] }
  | { kind: "hbars"; rows: { label: string; value: number }[] };

export type Block =
  | { t: "heading"; entry: OutlineEntry; pageBreak?: boolean }
  | { t: "sub"; text: string }
  | { t: "p"; text: string; note?: boolean }
  | { t: "commentary"; key: string }
  /** the recommendations (確認のお願い) of a commentary section, after the section's tables */
  | { t: "recs"; key: string }
  | { t: "table"; table: T.TableModel; split?: boolean; empty?: string }
  | { t: "chart"; chart: ChartSpec; caption?: string }
  | { t: "charts"; charts: { chart: ChartSpec; caption?: string }[] }
  | { t: "diagram" }
  | { t: "eventTables"; sectionKey: string }
  | { t: "eventDescription"; threatId: string }
  | { t: "pageBreak" };

const H = (id: string, pageBreak = false): Block => ({ t: "heading", entry: section(id), pageBreak });
const P = (text: string): Block => ({ t: "p", text });

function statsBlocks(d: ReportData, fn: ReportFn): Block[] {
  const n = fnIndex(fn);
  const label = FUNCTION_LABEL[fn];
  const a = d.alerts[fn];
  const out: Block[] = [H(`s-2-${n}`, true), H(`s-2-${n}-1`), P(`${label}の日別アラート発生数を報告いたします。`)];
  if (a.totals.total === 0) out.push({ t: "p", text: "当月はアラートが発生していません。", note: true });
  else out.push({ t: "chart", chart: { kind: "stacked", ...C.dailyAlertChart(a) } });
  out.push({ t: "table", table: T.dailyAlertsTable(a), split: true });
  out.push(H(`s-2-${n}-2`), P(`${label}のアラート検知数を報告いたします。`));
  const prevTotal = a.levels.find((l) => l.level === "total")?.previous ?? 0;
  if (prevTotal === 0 && a.totals.total === 0) out.push({ t: "p", text: "前月・当月ともにアラートが発生していません。", note: true });
  else out.push({ t: "chart", chart: { kind: "pair", points: C.levelChart(a.levels) } });
  out.push({ t: "table", table: T.levelTable(a.levels) });
  out.push(H(`s-2-${n}-3`), P(`${label}の日別検知数を報告いたします。`));
  out.push({ t: "chart", chart: { kind: "stacked", ...C.dailyTrafficChart(d, fn) } });
  out.push({ t: "table", table: T.dailyTrafficTable(d, fn), split: true });
  if (fn === "firewall") {
    const fw = d.functions.firewall;
    out.push(H("s-2-1-4"), P("ファイアウォールポリシーの発生件数が多い送信元 IP アドレス トップ 10 を報告いたします。"));
    if (fw.topSources.length) out.push({ t: "chart", chart: { kind: "hbars", rows: fw.topSources.map((r) => ({ label: r.ip, value: r.current })) } });
    out.push({ t: "table", table: T.topAddressTable(fw.topSources, "送信元", d) });
    out.push(H("s-2-1-5"), P("ファイアウォールポリシーの発生件数が多い宛先 IP アドレス トップ 10 を報告いたします。"));
    if (fw.topDestinations.length) out.push({ t: "chart", chart: { kind: "hbars", rows: fw.topDestinations.map((r) => ({ label: r.ip, value: r.current })) } });
    out.push({ t: "table", table: T.topAddressTable(fw.topDestinations, "宛先", d) });
    out.push(H("s-2-1-6"), P("ファイアウォールポリシーの発生件数が多い宛先 ポート トップ 10 を報告いたします。"));
    if (fw.topPorts.length) out.push({ t: "chart", chart: { kind: "hbars", rows: fw.topPorts.map((r) => ({ label: `${r.port}/${r.protocol}`, value: r.count })) } });
    out.push({ t: "table", table: T.topPortsTable(d) });
  }
  if (fn === "url") {
    out.push(H("s-2-2-4"), P("URL フィルタリングの発生件数が多いアクセスカテゴリトップ 10 を報告いたします。"));
    if (d.functions.url.topCategories.length) out.push({ t: "chart", chart: { kind: "hbars", rows: d.functions.url.topCategories.map((c) => ({ label: c.category, value: c.count })) } });
    out.push({ t: "table", table: T.topCategoriesTable(d) });
  }
  return out;
}

export function reportBlocks(d: ReportData): Block[] {
  const b: Block[] = [];
  // i. サービスの概要
  b.push(H("s-part-i", true), H("s-i-1"), { t: "diagram" });
  b.push(H("s-i-2"), P(`${d.period.from} ~ ${d.period.to}`));
  b.push(H("s-i-3"), P("お客様のネットワークおよびシステムを保護するため、下記セキュリティデバイスのセキュリティ監視を実施しました。"), { t: "table", table: T.devicesTable(d), empty: "監視対象の機器は登録されていません。" });
  b.push(H("s-i-4"), P("対象期間内のセキュリティ運用監視サービスの稼働率です。"), { t: "table", table: T.availabilityTable(d) });
  b.push(H("s-i-5"), P("対象期間内のアラート通知件数です。"), { t: "table", table: T.alertCountsTable(d) });
  b.push(H("s-i-6"), P("対象期間内の問合せ件数です。"), { t: "table", table: T.historyCountsTable(d.inquiryCounts, "問合せ件数") });
  b.push(H("s-i-7"), P("対象期間内の作業件数です。"), { t: "table", table: T.historyCountsTable(d.workCounts, "作業件数") });

  // ii. 月次分析 — 1. 総括
  b.push(H("s-part-ii", true), H("s-1"), H("s-1-1"), { t: "commentary", key: OVERVIEW_KEY });
  b.push({ t: "table", table: T.summaryTable(d) });
  b.push({
    t: "charts",
    charts: [
      { chart: { kind: "pair", points: C.monthOverMonthChart(d) }, caption: "総ログ件数・遮断ログ件数 (前月比較)" },
      { chart: { kind: "pie", slices: C.alertShareChart(d) }, caption: "アラート検知割合" },
    ],
  });
  b.push({ t: "table", table: T.levelTable(d.alertLevels) }, { t: "recs", key: OVERVIEW_KEY });

  b.push(H("s-1-2", true));
  for (const fn of FUNCTIONS) {
    b.push(H(`s-1-2-${fnIndex(fn)}`), { t: "sub", text: "■アラート分析" }, { t: "commentary", key: fnAlertsKey(fn) });
    const notified = T.notifiedAlertsTable(d, fn);
    if (notified.rows.length) b.push({ t: "table", table: notified });
    b.push({ t: "recs", key: fnAlertsKey(fn) });
    b.push({ t: "sub", text: "■その他" }, { t: "commentary", key: fnOtherKey(fn) }, { t: "eventTables", sectionKey: fnOtherKey(fn) }, { t: "recs", key: fnOtherKey(fn) });
  }

  // 2. 統計
  b.push(H("s-2", true));
  for (const fn of FUNCTIONS) b.push(...statsBlocks(d, fn).map((x, i) => (i === 0 && fn === "firewall" && x.t === "heading" ? { ...x, pageBreak: false } : x)));
  b.push(H("s-2-7", true), H("s-2-7-1"), P("脆弱性防御・アンチスパイウェア・アンチウイルス・WildFire のイベント トップ 10 を報告いたします。"));
  b.push({ t: "p", text: "※Severity は監視機器から送出されるログに準じております。", note: true }, { t: "p", text: "※Severity の Low 以下は省いております。", note: true });
  b.push({ t: "table", table: T.topEventsTable(d), empty: "当月は該当するイベントはありません。" });
  b.push(H("s-2-7-2"), P("脆弱性防御・アンチスパイウェア・アンチウイルス・WildFire のイベント トップ 10 の詳細分析を報告いたします。"));
  d.topEvents.forEach((e, i) => {
    if (i > 0) b.push({ t: "pageBreak" });
    b.push({ t: "table", table: T.topEventsTable(d, i) });
    b.push({ t: "sub", text: "■ イベント説明" });
    if (e.threatId !== null) b.push({ t: "eventDescription", threatId: String(e.threatId) });
    b.push({ t: "sub", text: "■ イベント分析" });
    if (e.threatId !== null) b.push({ t: "commentary", key: eventAnalysisKey(e.function, e.threatId) }, { t: "recs", key: eventAnalysisKey(e.function, e.threatId) });
    const focus = eventFocus(d, e);
    const side = focus === "sources" ? "送信元" : "宛先";
    b.push({ t: "sub", text: `■ ${side} IP アドレスの状況（トップ 5）` }, { t: "table", table: T.endpointsTable(e[focus], side) });
  });

  b.push(H("s-3", true), P("対象期間内の問合せの履歴です。"), { t: "table", table: T.inquiryHistoryTable(d), empty: "対象期間内の問合せはありません。" });
  b.push(H("s-4"), P("対象期間内の作業実施内訳です。"), { t: "table", table: T.workHistoryTable(d), empty: "対象期間内の作業はありません。" });
  b.push(H("s-5"), P("対象期間内のアラート通知の履歴です。"), { t: "table", table: T.notificationHistoryTable(d), empty: "対象期間内のアラート通知はありません。" });
  return b;
}

/** Table of contents entries (the outline, as the sample's 目次 lists it). */
export const tocEntries = (): readonly OutlineEntry[] => OUTLINE;
