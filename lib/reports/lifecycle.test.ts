import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { startTestSmtp } from "@/lib/mail/test-smtp";
import { trafficLine } from "@/lib/ingest/test-lines";
import { saveKnowledge } from "@/lib/knowledge/threats";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import { ensureDraft, findReport, listReports, reopen, returnToDraft, submitForReview } from "./lifecycle";
import { saveSection } from "./commentary";
import { ConflictError, StateError } from "./errors";
import { renderedReport } from "./document";
import { publishReport, snapshotPdf } from "./publish";
import { addRecommendation, loadResponses, respondToRecommendation } from "./recommendations";
import { OUTLINE, heading, eventAnalysisKey } from "./outline";
import { ANALYST_A, ANALYST_B, ingestLines, pdfText, reportTenant, sampleMonthLines } from "./test-helpers";

const flat = (s: string) => s.replace(/\s+/g, "");

describe("report lifecycle", () => {
  it("creates the draft once, refuses months that have not begun, and shows customers nothing until published", async () => {
    const t = await reportTenant();
    const scope = { customerId: t.customerId };
    const a = await ensureDraft(scope, "2021-12", ANALYST_A);
    const b = await ensureDraft(scope, "2021-12", ANALYST_B);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.report.id).toBe(a.report.id);
    expect(a.report).toMatchObject({ version: 1, status: "draft", documentNumber: `MR2112-${t.code}-01` });
    await expect(ensureDraft(scope, "2099-01", ANALYST_A)).rejects.toMatchObject({ code: "monthNotStarted" });
    expect(await findReport(scope, "2021-12", "customer")).toBeNull();
    expect(await listReports(scope, "customer")).toEqual([]);
    expect((await findReport(scope, "2021-12", "staff"))?.id).toBe(a.report.id);
    // Another customer's scope finds nothing and cannot move it.
    const other = await reportTenant();
    expect(await findReport({ customerId: other.customerId }, "2021-12", "staff")).toBeNull();
    await expect(submitForReview({ customerId: other.customerId }, a.report.id, ANALYST_A)).rejects.toMatchObject({ code: "notFound" });
    const audit = await prisma.auditLog.findMany({ where: { entityId: a.report.id }, orderBy: { id: "asc" } });
    expect(audit.map((x) => x.action)).toEqual(["report.create"]);
  });

  it("never lets two analysts overwrite each other: the second save from the same revision conflicts", async () => {
    const t = await reportTenant();
    const scope = { customerId: t.customerId };
    const { report } = await ensureDraft(scope, "2021-12", ANALYST_A);
    const first = await saveSection(scope, report.id, { key: "overview", body: "A の文章", expectedRevision: 0 }, ANALYST_A);
    expect(first.revision).toBe(1);
    const err = await saveSection(scope, report.id, { key: "overview", body: "B の文章", expectedRevision: 0 }, ANALYST_B).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).current).toMatchObject({ body: "A の文章", revision: 1, updatedBy: ANALYST_A.email });
    // B reads A's version and saves on top of it.
    const second = await saveSection(scope, report.id, { key: "overview", body: "B が A の後に書いた文章", expectedRevision: 1 }, ANALYST_B);
    expect(second.revision).toBe(2);
    // Racing saves from the same revision: exactly one wins.
    const race = await Promise.allSettled([
      saveSection(scope, report.id, { key: "fn.url.other", body: "one", expectedRevision: 0 }, ANALYST_A),
      saveSection(scope, report.id, { key: "fn.url.other", body: "two", expectedRevision: 0 }, ANALYST_B),
    ]);
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(race.filter((r) => r.status === "rejected" && r.reason instanceof ConflictError)).toHaveLength(1);
    await expect(saveSection(scope, report.id, { key: "no.such.section", body: "x", expectedRevision: 0 }, ANALYST_A)).rejects.toMatchObject({ fields: { key: "invalid" } });
  });

  it("publishes a frozen snapshot (figures, commentary, PDF) that later ingest and edits never change; reopening makes version 2", async () => {
    const smtp = await startTestSmtp();
    const saved = process.env.SMTP_URL;
    process.env.SMTP_URL = smtp.url;
    try {
      const t = await reportTenant({ contacts: ["contact@rpt.example.jp"] });
      const scope = { customerId: t.customerId };
      await ingestLines(t, sampleMonthLines(t.serial));
      const { report } = await ensureDraft(scope, "2021-12", ANALYST_A);

      // The draft shows Mamori's texts until an analyst saves one.
      const draft = await renderedReport(report);
      expect(draft.doc.commentary.overview).toContain("総ログ件数は前月と比較して増加傾向にあります");
      expect(draft.doc.edited).toEqual([]);
      const evKey = eventAnalysisKey("wildfire", 52143);
      expect(draft.doc.commentary[evKey]).toContain("内部から外部への通信にて検知しております");
      await saveSection(scope, report.id, { key: "overview", body: "今月の全体分析（分析担当が編集）。", expectedRevision: 0 }, ANALYST_A);
      await saveSection(scope, report.id, { key: evKey, body: "フィッシングサイトへのリンクです（分析担当）。", expectedRevision: 0 }, ANALYST_A);
      await saveKnowledge({ threatId: 52143, name: "Email Link", description: "悪性のリンクを含むメール（ナレッジ初版）。", expectedRevision: 0 }, ANALYST_A);
      const rec = await addRecommendation(scope, report.id, { sectionKey: "fn.wildfire.alerts", body: "クライアント端末のウイルスチェックをお願いします。" }, ANALYST_A);

      await expect(publishReport(scope, report.id, ANALYST_B)).rejects.toBeInstanceOf(StateError); // still a draft
      await submitForReview(scope, report.id, ANALYST_A);
      await returnToDraft(scope, report.id, ANALYST_B);
      await submitForReview(scope, report.id, ANALYST_A);
      const pub = await publishReport(scope, report.id, ANALYST_B, { now: new Date("2022-01-10T01:00:00Z") });
      expect(pub.report).toMatchObject({ status: "published", issuedOn: "2022-01-10", publishedBy: ANALYST_B.email });
      expect(pub.mail).toMatchObject({ status: "sent", recipients: ["contact@rpt.example.jp"] });
      await smtp.waitFor(1);
      expect(smtp.messages[0]!.subject).toContain("2021年12月分を公開しました");
      expect(smtp.messages[0]!.text).toContain(`/customers/${t.slug}/reports/2021-12`);

      // What the customer gets, and the PDF's text.
      const forCustomer = await findReport(scope, "2021-12", "customer");
      expect(forCustomer?.id).toBe(report.id);
      const published = await renderedReport(forCustomer!);
      expect(published.doc.meta).toMatchObject({ draft: false, issuedOnJa: "2022年1月10日", documentNumber: `MR2112-${t.code}-01` });
      expect(published.doc.commentary.overview).toBe("今月の全体分析（分析担当が編集）。");
      expect(published.doc.eventDescriptions["52143"]).toBe("悪性のリンクを含むメール（ナレッジ初版）。");
      const pdf = (await snapshotPdf(report.id))!;
      const text = flat(pdfText(pdf));
      for (const e of OUTLINE) expect(text, heading(e)).toContain(flat(heading(e)));
      const s = published.data.summary;
      for (const figure of [formatCount(s.current.totalLogs), formatCount(s.previous.totalLogs), formatPercent(s.current.blockedRatio), formatPercent(s.totalLogsRatio)]) expect(text).toContain(figure);
      expect(text).toContain(flat("今月の全体分析（分析担当が編集）。"));
      expect(text).toContain(flat("悪性のリンクを含むメール（ナレッジ初版）。"));
      expect(text).toContain("2022年1月10日");

      // Frozen: more logs, a knowledge edit and edit attempts change nothing the customer was given.
      await ingestLines(t, Array.from({ length: 5 }, () => trafficLine({ time: "2021/12/20 10:00:00", serial: t.serial, src: "192.0.2.50", dst: "8.8.4.4" })));
      await saveKnowledge({ threatId: 52143, name: "Email Link", description: "書き換えたナレッジ。", expectedRevision: 1 }, ANALYST_A);
      await expect(saveSection(scope, report.id, { key: "overview", body: "後から", expectedRevision: 1 }, ANALYST_A)).rejects.toMatchObject({ code: "notEditable" });
      const again = await renderedReport((await findReport(scope, "2021-12", "customer"))!);
      expect(again.data.summary.current.totalLogs).toBe(s.current.totalLogs);
      expect(again.doc.eventDescriptions["52143"]).toBe("悪性のリンクを含むメール（ナレッジ初版）。");
      expect((await snapshotPdf(report.id))!.equals(pdf)).toBe(true);

      // The customer answers the recommendation; staff see it.
      await expect(respondToRecommendation(scope, report.id, rec.id, { status: "answered", answer: "" }, ANALYST_A)).rejects.toMatchObject({ fields: { answer: "required" } });
      await respondToRecommendation(scope, report.id, rec.id, { status: "answered", answer: "全端末でチェック済みです。" }, { id: null, email: "user@customer.example.jp" });
      expect((await loadResponses(report.id)).get(rec.id)).toMatchObject({ status: "answered", answer: "全端末でチェック済みです。", respondedBy: "user@customer.example.jp" });
      await expect(respondToRecommendation({ customerId: (await reportTenant()).customerId }, report.id, rec.id, { status: "checked" }, ANALYST_A)).rejects.toMatchObject({ code: "notFound" });

      // Reopen: version 2 is a draft with the same texts; customers still get version 1 until it is published.
      const v2 = await reopen(scope, report.id, ANALYST_A);
      expect(v2).toMatchObject({ version: 2, status: "draft", documentNumber: `MR2112-${t.code}-02` });
      await expect(reopen(scope, report.id, ANALYST_A)).rejects.toMatchObject({ code: "exists" });
      expect((await findReport(scope, "2021-12", "customer"))?.version).toBe(1);
      const live2 = await renderedReport(v2);
      expect(live2.doc.commentary.overview).toBe("今月の全体分析（分析担当が編集）。");
      expect(live2.data.summary.current.totalLogs).toBe(s.current.totalLogs + 5); // drafts follow the data
      expect(live2.doc.recommendations.map((r) => r.body)).toEqual(["クライアント端末のウイルスチェックをお願いします。"]);
      await submitForReview(scope, v2.id, ANALYST_A);
      await publishReport(scope, v2.id, ANALYST_B);
      expect((await findReport(scope, "2021-12", "customer"))?.version).toBe(2);
      expect((await findReport(scope, "2021-12", "staff", 1))?.status).toBe("superseded");
      expect((await listReports(scope, "customer")).map((r) => r.version)).toEqual([2]);

      const actions = (await prisma.auditLog.findMany({ where: { customerId: t.customerId, entityType: "report" }, orderBy: { id: "asc" } })).map((a) => a.action);
      for (const a of ["report.create", "report.submit", "report.return", "report.publish", "report.publish.mail", "report.reopen", "report.supersede", "report.section.save", "report.recommendation.add", "report.recommendation.respond"]) {
        expect(actions).toContain(a);
      }
    } finally {
      process.env.SMTP_URL = saved;
      await smtp.close();
    }
  });
});
