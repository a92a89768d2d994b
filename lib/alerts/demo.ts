import { prisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/types";
import { importThreatList } from "@/lib/intel/lists";
import { createOutage } from "@/lib/outages/outages";
import { createInquiry, replyToInquiry } from "@/lib/tickets/inquiries";
import { createWorkItem } from "@/lib/tickets/work";
import { addAlertNote, triageAlert } from "./alerts";
import { localDate } from "./format";
import { notifyAlert } from "./notify";
import { ensureDefaultRules } from "./rules";

// The SOC's month for the demo customer, shaped like the sample report. The generated demo logs
// (lib/ingest/generate) carry the sample's notable events; the default rules turn them into
// alerts as they are ingested. Then analysts triage and notify them (back-dated, numbered
// TR2111-…/TR2112-12345-00001…, no e-mail), the customer asks three questions (CN2112001…),
// the SOC does two pieces of work, and November had a short outage.

const ANALYST: Actor = { id: null, email: "analyst@mamori.example" };
const CUSTOMER: Actor = { id: null, email: "customer@sample.example.jp" };

/** Before the demo logs are ingested: rules and the threat-intel the sample's firewall alert needs. */
export async function prepareSocDemo(): Promise<void> {
  await ensureDefaultRules();
  const ips = await prisma.threatList.findUniqueOrThrow({ where: { name: "Malicious IP (High)" } });
  if (!(await prisma.threatListEntry.count({ where: { listId: ips.id } }))) {
    await importThreatList(ips.id, { text: "value,source,expires\n203.0.113.197,SOC 調査 (ポートスキャン),2022-03-31\n198.51.100.250,abuse-feed,2022-06-30" }, ANALYST);
  }
  const domains = await prisma.threatList.findUniqueOrThrow({ where: { name: "Malicious Domains" } });
  if (!(await prisma.threatListEntry.count({ where: { listId: domains.id } }))) {
    await importThreatList(domains.id, { text: "# C2 / malware\nomnator[.]com\nbeacon.c2[.]example" }, ANALYST);
  }
}

/** 説明/分析 as the sample words it, by function and whether the firewall let it through. */
function analysisFor(a: { fn: string; allowed: boolean; eventName: string; url: string | null }): string {
  if (!a.allowed) return "当該通信は PaloAlto にて遮断されており、前後で不審な通信等は確認されていないため問題はありません。";
  switch (a.fn) {
    case "firewall":
      return "悪性情報のある国外の IP アドレスからの通信を検知したため通知いたします。使用していないサービスポートが開放されていないかご確認ください。";
    case "url":
      return "検出された URL で悪性情報が確認されました。クライアント端末のウイルスチェックやサイトへのアクセス有無をご確認ください。";
    case "wildfire":
      return "メールに含まれたリンクについて、フィッシングサイトとの情報があり、悪性情報が確認されました。";
    case "spyware":
      return "検知されたドメインについて、マルウェアとの情報があり、悪性情報が確認されました。";
    default:
      return `${a.eventName} を検知しました。対象機器のソフトウェアが最新であるかご確認ください。`;
  }
}

/** After the demo logs are ingested. Idempotent: nothing happens once the demo inquiries exist. */
export async function seedSocDemo(scope: { customerId: string }, log: (m: string) => void = () => {}): Promise<void> {
  if (await prisma.inquiry.findFirst({ where: { customerId: scope.customerId, number: "CN2112001" } })) return;
  const customer = await prisma.customer.findUniqueOrThrow({ where: { id: scope.customerId }, select: { slug: true, timezone: true } });
  const tz = customer.timezone;
  const alerts = await prisma.alert.findMany({
    where: { customerId: scope.customerId, status: "new", firstAt: { gte: new Date("2021-10-31T15:00:00Z"), lt: new Date("2021-12-31T15:00:00Z") } },
    orderBy: { firstAt: "asc" },
  });
  // The latest command-and-control alert stays under investigation, so the queue has work in it.
  const keep = [...alerts].reverse().find((a) => a.category === "command-and-control")?.id;
  for (const a of alerts) {
    if (a.id === keep) {
      await triageAlert(scope, a.id, { status: "investigating", level: a.level }, ANALYST);
      await addAlertNote(scope, a.id, { body: "C2 とされるドメインへの通信。端末の調査をお客様に依頼するか検討中。" }, ANALYST);
      continue;
    }
    // As in the sample: allowed DNS queries to a known malware domain are raised to Critical.
    const level = a.fn === "spyware" && a.allowed ? "critical" : a.level;
    await triageAlert(scope, a.id, { status: "investigating", level }, ANALYST);
    await notifyAlert(scope, a.id, { analysis: analysisFor(a) }, ANALYST, { at: new Date(a.firstAt.getTime() + 20 * 60_000), mail: false });
  }

  const urlAlertOn = async (day: string) => {
    const rows = await prisma.alert.findMany({ where: { customerId: scope.customerId, fn: "url", status: "notified" }, orderBy: { firstAt: "asc" } });
    return rows.find((r) => localDate(r.firstAt, tz) === day)?.id;
  };
  const at = (local: string) => new Date(`${local}:00+09:00`);
  const asks = [
    { day: "2021-12-04", at: "2021-12-06T09:49", answeredAt: "2021-12-06T13:10", subject: "12月4日アラートについて", body: "12月4日アラートについて下記の通り問合せ。\n・サイトの悪性情報", answer: "下記の通り回答。\n・DNS ポイズニング等の悪性情報が報告されているサイト。" },
    { day: "2021-12-09", at: "2021-12-09T17:11", answeredAt: "2021-12-10T10:00", subject: "12月9日アラートについて", body: "12月9日アラートについて下記の通り問合せ。\n・サイトの情報\n・リスク想定", answer: "下記の通り回答。\n・CAPTCHA 認証の偽装を利用したサイト。\n・ユーザが通知を許可した場合、スパムを送信されるリスク有り。" },
    { day: "2021-12-23", at: "2021-12-23T11:47", answeredAt: "2021-12-23T16:30", subject: "12月23日アラートについて", body: "12月23日アラートについて下記の通り問合せ。\n・サイトの情報\n・リスク想定", answer: "下記の通り回答。\n・悪意のあるコンテンツ、実行可能ファイル、スクリプト、ウイルス、トロイの木馬、およびコードを含むサイト。\n・マルウェアに感染するリスク有り。" },
  ];
  const inquiryIds: string[] = [];
  for (const q of asks) {
    const inquiry = await createInquiry(scope, { subject: q.subject, body: q.body, alertId: await urlAlertOn(q.day) }, CUSTOMER, { at: at(q.at) });
    await replyToInquiry(scope, inquiry.id, { body: q.answer, status: "done" }, ANALYST, { staff: true }, { at: at(q.answeredAt), mail: false });
    inquiryIds.push(inquiry.id);
  }
  await createWorkItem(scope, { date: "2021-12-10", content: "監視機器に特定のサイト(2件)への通信を遮断する設定を追加", status: "done", inquiryId: inquiryIds[1], alertId: await urlAlertOn("2021-12-09") }, ANALYST);
  await createWorkItem(scope, { date: "2021-12-24", content: "監視機器に特定のサイト(1件)への通信を遮断する設定を追加", status: "done", inquiryId: inquiryIds[2], alertId: await urlAlertOn("2021-12-23") }, ANALYST);
  await createOutage({ customerSlug: customer.slug, startAt: "2021-11-18 02:00", endAt: "2021-11-18 03:30", cause: "ログ収集サーバのメンテナンスに伴う監視停止" }, ANALYST);
  const notified = await prisma.alertNotification.count({ where: { customerId: scope.customerId } });
  log(`demo SOC work: ${alerts.length} alerts raised by the rules, ${notified} notified, 3 inquiries, 2 work items, 1 outage (2021-11)`);
}
