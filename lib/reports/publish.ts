import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { localDate } from "@/lib/alerts/format";
import { StateError } from "./errors";
import { buildLiveReport, type ReportDocument } from "./document";
import { renderReportPdf } from "./pdf/render";
import { sha256, toReportRow, type ReportRow } from "./lifecycle";
import { notifyPublished, type PublishMailResult } from "./publish-mail";

// review → published. The report row is locked for the whole publication, so an edit either
// lands before the snapshot is taken or is refused after it (edits take a share lock on the
// same row). The snapshot holds the report data, the document (commentary, イベント説明 as the
// knowledge base had it, event tables, recommendations, image ids) and the PDF bytes; nothing
// changes them afterwards. The month's previously published version becomes superseded.
// Contacts are e-mailed after the commit.

export interface PublishResult {
  report: ReportRow;
  pdfBytes: number;
  pdfMs: number;
  mail: PublishMailResult;
}

export async function publishReport(scope: { customerId: string }, reportId: string, actor: Actor, opts: { now?: Date } = {}): Promise<PublishResult> {
  if (!/^[0-9a-f-]{36}$/i.test(reportId)) throw new StateError("notFound");
  const now = opts.now ?? new Date();
  let pdfMs = 0;
  let pdfBytes = 0;
  const report = await prisma.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM reports WHERE id = ${reportId}::uuid AND customer_id = ${scope.customerId}::uuid FOR UPDATE`;
      if (!locked[0]) throw new StateError("notFound");
      if (locked[0].status !== "review") throw new StateError("badTransition", `report is ${locked[0].status}, not review`);
      const row = toReportRow(await tx.report.findUniqueOrThrow({ where: { id: reportId } }));
      const customer = await tx.customer.findUniqueOrThrow({ where: { id: scope.customerId }, select: { timezone: true } });
      const issuedOn = localDate(now, customer.timezone);
      const live = await buildLiveReport(row, { issuedOn });
      const doc: ReportDocument = { ...live.doc, meta: { ...live.doc.meta, status: "published", draft: false, issuedOn, issuedOnJa: live.doc.meta.issuedOnJa } };
      const t = performance.now();
      const pdf = await renderReportPdf({ data: live.data, doc });
      pdfMs = Math.round(performance.now() - t);
      pdfBytes = pdf.length;
      await tx.reportSnapshot.create({
        data: {
          reportId,
          customerId: scope.customerId,
          data: live.data as unknown as Prisma.InputJsonValue,
          document: doc as unknown as Prisma.InputJsonValue,
          pdf: new Uint8Array(pdf),
          pdfSha256: sha256(pdf),
        },
      });
      const superseded = await tx.report.findMany({ where: { customerId: scope.customerId, month: row.month, status: "published" }, select: { id: true, version: true } });
      await tx.report.updateMany({ where: { id: { in: superseded.map((r) => r.id) } }, data: { status: "superseded" } });
      const published = await tx.report.update({ where: { id: reportId }, data: { status: "published", publishedAt: now, publishedBy: actor.email, issuedOn: new Date(`${issuedOn}T00:00:00Z`) } });
      await writeAudit(
        {
          actor,
          action: "report.publish",
          entityType: "report",
          entityId: reportId,
          customerId: scope.customerId,
          before: { status: "review" },
          after: { status: "published", month: row.month, version: row.version, documentNumber: row.documentNumber, issuedOn, pdfSha256: sha256(pdf), pdfBytes, superseded: superseded.map((r) => r.version) },
        },
        tx,
      );
      for (const s of superseded) {
        await writeAudit({ actor, action: "report.supersede", entityType: "report", entityId: s.id, customerId: scope.customerId, before: { status: "published" }, after: { status: "superseded", by: reportId } }, tx);
      }
      return toReportRow(published);
    },
    { timeout: 180_000, maxWait: 20_000 },
  );
  const mail = await notifyPublished(scope, report, actor);
  return { report, pdfBytes, pdfMs, mail };
}

/** The frozen PDF of a published (or superseded) version. */
export async function snapshotPdf(reportId: string): Promise<Buffer | null> {
  const s = await prisma.reportSnapshot.findUnique({ where: { reportId }, select: { pdf: true } });
  return s ? Buffer.from(s.pdf) : null;
}
