import { FUNCTIONS, percent, type ReportData, type ReportFn, type TopEvent } from "./report-data";
import { FUNCTION_LABEL, OVERVIEW_KEY, THREAT_FNS, eventAnalysisKey, fnAlertsKey, fnOtherKey, type SectionKey } from "./outline";
import { approxJa, formatPercent, formatPt, portPhrase } from "./format";
import { DIRECTION_LABEL } from "./traffic-analysis";
import { LEVELS, LEVEL_LABEL } from "@/lib/alerts/constants";

// The first text of every commentary section, written by Mamori from the month's figures in the
// sample's style. Analysts edit or replace it; until they save, a section shows this draft (so it
// follows the figures while late logs are still arriving). Pure: same data, same text.

const joinJa = (parts: string[]) => parts.join("、");
/** A space between a Latin word and the Japanese that follows, as the sample writes "WildFire にて". */
const gap = (label: string) => (/[A-Za-z0-9)]$/.test(label) ? `${label} ` : label);

function trendOfTotal(ratio: number | null): string {
  if (ratio === null) return "前月のログがないため、前月との比較はできません。";
  if (ratio >= 110) return "総ログ件数は前月と比較して増加傾向にあります。";
  if (ratio >= 103) return "総ログ件数は前月と比較してやや増加しております。";
  if (ratio <= 90) return "総ログ件数は前月と比較して減少傾向にあります。";
  if (ratio <= 97) return "総ログ件数は前月と比較してやや減少しております。";
  return "総ログ件数は前月と比較して大きな変化はありません。";
}

function changeWord(ratio: number | null): string {
  if (ratio === null) return "";
  if (ratio >= 120) return "前月と比較して増加しております。";
  if (ratio >= 105) return "前月と比較して若干増加しております。";
  if (ratio <= 80) return "前月と比較して減少しております。";
  if (ratio <= 95) return "前月と比較して若干減少しております。";
  return "前月と比較して大きな増減はございません。";
}

function overview(d: ReportData): string {
  const paras: string[] = ["本月次分析レポートの期間内において、セキュリティ侵害によって実害が生じる事象は確認されておりません。"];

  const severe = FUNCTIONS.map((fn) => ({ fn, n: (d.alertCounts[fn]?.fatal ?? 0) + (d.alertCounts[fn]?.critical ?? 0) })).filter((x) => x.n > 0);
  const notified = FUNCTIONS.reduce((a, fn) => a + (d.alertCounts[fn]?.total ?? 0), 0);
  if (severe.length) {
    paras.push(
      `今月は ${severe.map((s) => `${gap(FUNCTION_LABEL[s.fn])}にて Critical 以上のアラートが ${s.n} 件`).join("、")}発生し、追加でメール通知対応をしております。詳細は「1.2 各監視機能別分析」をご参照ください。`,
    );
  } else if (notified > 0) {
    paras.push(`今月は Critical 以上のアラートは発生しておりません。Minor 以下のアラートを ${notified} 件通知しております。詳細は「1.2 各監視機能別分析」をご参照ください。`);
  } else {
    paras.push("今月は通知対象となるアラートは発生しておりません。");
  }

  const s = d.summary;
  let traffic = `対象期間内の通信件数は次の図のとおりです。${trendOfTotal(s.totalLogsRatio)}`;
  const top = d.functions.firewall.topSources[0];
  const share = top ? percent(top.current, s.current.totalLogs) : null;
  if (top && share !== null) traffic += `${top.ip} からの通信が${approxJa(top.current)}件発生し、全体の約 ${formatPercent(share)}を占めております。`;
  paras.push(traffic);

  if (s.current.totalLogs > 0) {
    const pt = s.blockedRatioPt;
    let blocked = `全体の通信の内 ${formatPercent(s.current.blockedRatio)}が遮断されております。`;
    if (s.previous.totalLogs > 0) {
      blocked =
        Math.abs(pt) < 3
          ? `全体の通信の内 ${formatPercent(s.current.blockedRatio)}が遮断されておりますが、遮断比率も ${formatPt(Math.abs(pt))} と${pt > 0 ? "微増" : pt < 0 ? "微減" : "横ばい"}であり大きな傾向の変化はみられません。`
          : `全体の通信の内 ${formatPercent(s.current.blockedRatio)}が遮断されており、遮断比率は前月から ${formatPt(Math.abs(pt))} ${pt > 0 ? "増加" : "減少"}しております。`;
    }
    const bp = d.trafficAnalysis.blockedPorts[0];
    if (bp) blocked += `また、遮断ログのうち ${portPhrase(bp)}が${approxJa(bp.count)}件と約 ${Math.round(bp.share)}%を占めております。`;
    blocked += "詳細に関しましては「1.2.1 ファイアウォールポリシー」をご参照ください。";
    paras.push(blocked);
  }
  return paras.join("\n\n");
}

const RECOMMEND: Record<ReportFn, string> = {
  firewall: "当該通信が業務通信であったかどうかご確認頂き、業務通信でない場合は送信元 IP アドレスについて遮断設定をして頂くことを推奨いたします。",
  url: "クライアント端末のウイルスチェックやサイトへのアクセス有無をご確認頂くことを推奨いたします。",
  vulnerability: "対象機器にて該当する製品を使用していないか、また最新のバージョンに更新されているかをご確認頂くことを推奨いたします。",
  spyware: "念のためクライアント端末のウイルスチェックやサイトへのアクセス有無を確認頂くことを推奨いたします。",
  virus: "念のためクライアント端末のウイルスチェックを実施頂くことを推奨いたします。",
  wildfire: "念のためクライアント端末のウイルスチェックやリンクへのアクセス有無を確認頂くことを推奨いたします。",
};

function fnAlerts(d: ReportData, fn: ReportFn): string {
  const rows = d.alerts[fn]?.notified ?? [];
  if (!rows.length) return "本月次分析レポートの期間内において、即時報告対象となったイベントは発生していません。";
  const counts = d.alertCounts[fn]!;
  const byLevel = LEVELS.filter((l) => counts[l] > 0).map((l) => `${LEVEL_LABEL[l]} のアラートを ${counts[l]} 件`);
  const passed = rows.filter((r) => r.allowed).length;
  const n = rows.length;
  let action: string;
  if (passed === n) action = n > 1 ? `${n} 件とも Palo Alto を通過しております。` : "当該通信は Palo Alto を通過しております。";
  else if (passed === 0) action = n > 1 ? `${n} 件とも Palo Alto にて遮断されております。` : "当該通信は Palo Alto にて遮断されております。";
  else action = `${passed} 件は Palo Alto を通過し、${n - passed} 件は遮断されております。`;
  const advice = passed > 0 ? RECOMMEND[fn] : "影響はないと判断しております。";
  return `本月次分析レポートの期間内において、即時報告対象となったイベントは下記のとおりです。\n\n今月は ${joinJa(byLevel)}通知しております。${action}${advice}`;
}

function firewallOther(d: ReportData): string {
  const fw = d.functions.firewall.totals;
  if (fw.total === 0) return "本月次分析レポートの期間内において、ファイアウォールポリシーのログは発生していません。";
  const paras: string[] = [];
  let first = `全体の通信分析では、対象期間内の全体の通信の内 ${formatPercent(percent(fw.deny, fw.total))}が遮断されています。`;
  const bp = d.trafficAnalysis.blockedPorts[0];
  if (bp) first += `遮断ログのうち ${portPhrase(bp)}が${approxJa(bp.count)}件と遮断ログの${bp.share >= 50 ? "大半" : `約 ${Math.round(bp.share)}%`}を占めております。`;
  paras.push(first);
  for (const dir of d.trafficAnalysis.directions) {
    if (!["internal", "outbound", "inbound"].includes(dir.direction) || dir.current === 0) continue;
    const ports = dir.topPorts.slice(0, 2).map((p) => portPhrase(p));
    const ratio = dir.ratio === null ? "" : `(前月比 ${Math.round(dir.ratio)}%)`;
    paras.push(
      `${dir.label}の通信では主に、宛先ポート ${ports.join("、")}などが多く発生しています。${approxJa(dir.current)}件${ratio}${dir.ratio === null ? "発生しております。" : `と${changeWord(dir.ratio)}`}一般的な利用とみられる通信であり、異常な通信傾向は確認できませんでした。`,
    );
  }
  return paras.join("\n\n");
}

function urlOther(d: ReportData): string {
  const url = d.functions.url;
  if (url.totals.total === 0) return "本月次分析レポートの期間内において、URL フィルタリングのログは発生していません。";
  const top = url.topCategories.slice(0, 2).map((c) => c.category);
  if (!top.length) return "";
  const prevTop = new Set(d.trafficAnalysis.previousTopCategories.slice(0, 5));
  const continuing = top.every((c) => prevTop.has(c));
  return `今月の通過イベントは、${continuing ? "先月に引き続き " : ""}URL カテゴリ${top.map((c) => `「${c}」`).join("や")}の発生が多くみられました。`;
}

function threatOther(d: ReportData, fn: ReportFn): string {
  const events = d.topEvents.filter((e) => e.function === fn);
  if (events.length) {
    return `今月は、${events.map((e) => `「${e.name}」`).join("、")}を検知しております。詳細は「2.7.2 イベント トップ 10 詳細分析」をご参照ください。`;
  }
  if (d.functions[fn].totals.total > 0) return "本月次分析レポートの期間内において、PaloAlto の重大度(Severity)「medium」以上のイベントは発生していません。";
  return `本月次分析レポートの期間内において、${gap(FUNCTION_LABEL[fn])}のイベントは発生していません。`;
}

const DIRECTION_PHRASE: Record<string, string> = {
  outbound: "内部から外部への通信",
  inbound: "外部から内部への通信",
  internal: "内部間の通信",
  external: "外部間の通信",
};

/** The side of an event worth listing: the customer's own hosts (sources when outbound). */
export function eventFocus(d: ReportData, e: TopEvent): "sources" | "destinations" {
  return d.trafficAnalysis.eventDirections[`${e.function}|${e.threatId ?? ""}`] === "inbound" ? "destinations" : "sources";
}

function eventAnalysis(d: ReportData, e: TopEvent): string {
  const dir = d.trafficAnalysis.eventDirections[`${e.function}|${e.threatId ?? ""}`] ?? "unknown";
  const parts: string[] = [];
  if (DIRECTION_PHRASE[dir]) parts.push(`${DIRECTION_PHRASE[dir]}にて検知しております。`);
  const remote = dir === "inbound" ? e.sources[0] : e.destinations[0];
  if (remote && (dir === "outbound" || dir === "inbound")) {
    const where = remote.country === "JP" ? "国内" : remote.country ? "国外" : null;
    if (where) parts.push(`${dir === "inbound" ? "送信元" : "宛先"}は${where}の IP アドレスです。`);
  }
  parts.push(`対象期間内に ${e.count.toLocaleString("en-US")} 件検知しております。前後で不審な通信等は確認されませんでした。`);
  return parts.join("");
}

/** Draft text of every commentary section of the month, by section key. */
export function draftCommentary(d: ReportData): Record<SectionKey, string> {
  const out: Record<SectionKey, string> = { [OVERVIEW_KEY]: overview(d) };
  for (const fn of FUNCTIONS) {
    out[fnAlertsKey(fn)] = fnAlerts(d, fn);
    out[fnOtherKey(fn)] = fn === "firewall" ? firewallOther(d) : fn === "url" ? urlOther(d) : threatOther(d, fn);
  }
  for (const e of d.topEvents) {
    if (e.threatId !== null && (THREAT_FNS as readonly string[]).includes(e.function)) out[eventAnalysisKey(e.function, e.threatId)] = eventAnalysis(d, e);
  }
  return out;
}

export { DIRECTION_LABEL };
