import { prisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/types";
import { draftDescription, saveKnowledge } from "@/lib/knowledge/threats";
import { buildReportData } from "./report-data";
import { ensureDraft, submitForReview } from "./lifecycle";
import { addRecommendation } from "./recommendations";
import { addEventTable } from "./event-tables";
import { publishReport } from "./publish";
import { fnAlertsKey } from "./outline";

// The demo's monthly report: the sample customer's 2021-12 report, with Mamori's drafted
// commentary, knowledge-base descriptions of its top events, the sample's proxy-avoidance table,
// one recommendation, submitted and published. Idempotent: a month already published is left alone.

const ANALYST: Actor = { id: null, email: "analyst@mamori.example" };
export const DEMO_REPORT_MONTH = "2021-12";

export async function seedReportDemo(scope: { customerId: string }, log: (m: string) => void = () => {}): Promise<void> {
  const { report } = await ensureDraft(scope, DEMO_REPORT_MONTH, ANALYST);
  if (report.status === "published" || report.status === "superseded") return;
  const data = await buildReportData(scope, DEMO_REPORT_MONTH);
  for (const e of data.topEvents) {
    if (e.threatId === null) continue;
    if (await prisma.threatKnowledge.findUnique({ where: { threatId: BigInt(e.threatId) } })) continue;
    await saveKnowledge({ threatId: e.threatId, name: e.threatName, description: draftDescription(e.function, e.threatName), expectedRevision: 0 }, ANALYST);
  }
  if (report.status === "draft") {
    if (!(await prisma.reportEventTable.count({ where: { reportId: report.id } })) && data.functions.url.topCategories.length) {
      await addEventTable(scope, report.id, { sectionKey: "fn.url.other", category: "proxy-avoidance-and-anonymizers", title: "proxy-avoidance-and-anonymizers の通信", limit: 10 }, ANALYST);
    }
    if (!(await prisma.reportRecommendation.count({ where: { reportId: report.id } }))) {
      await addRecommendation(scope, report.id, { sectionKey: fnAlertsKey("url"), body: "検出されたサイトへのアクセス有無と、クライアント端末のウイルスチェック結果をご確認ください。" }, ANALYST);
    }
    await submitForReview(scope, report.id, ANALYST);
  }
  const r = await publishReport(scope, report.id, ANALYST);
  log(`published the ${DEMO_REPORT_MONTH} report (${r.report.documentNumber}, PDF ${Math.round(r.pdfBytes / 1024)} KB in ${r.pdfMs} ms)`);
}
