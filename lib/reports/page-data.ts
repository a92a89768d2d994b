import type { SessionUser } from "@/lib/auth/types";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import { currentDiagram } from "./images";
import { draftDescription, knowledgeFor } from "@/lib/knowledge/threats";
import { EDITABLE, currentMonth, findReport, listReports, type Audience, type ReportRow } from "./lifecycle";
import { renderedReport, type RenderedReport } from "./document";
import { loadSections, type SectionText } from "./commentary";
import { loadResponses, type ResponseView } from "./recommendations";
import { draftCommentary } from "./drafts";
import { previousMonth } from "./month";

// What the report pages need, in one call each, so routes stay thin.

export const audienceOf = (user: SessionUser): Audience => (user.role === "customer" ? "customer" : "staff");

export interface ReportPageData {
  audience: Audience;
  report: ReportRow;
  rendered: RenderedReport;
  versions: ReportRow[];
  responses: Record<string, ResponseView>;
  editable: boolean;
}

/** The version a user may read (customers: the published one), rendered; null → 404. */
export async function loadReportPage(scope: { customerId: string }, month: string, user: SessionUser, version?: number): Promise<ReportPageData | null> {
  const audience = audienceOf(user);
  const report = await findReport(scope, month, audience, audience === "staff" ? version : undefined);
  if (!report) return null;
  if (audience === "customer" && version !== undefined && version !== report.version) return null;
  const [rendered, versions, responses] = await Promise.all([renderedReport(report), listReports(scope, audience, { month }), loadResponses(report.id)]);
  return { audience, report, rendered, versions, responses: Object.fromEntries(responses), editable: audience === "staff" && EDITABLE.includes(report.status) };
}

export interface EditorSection {
  key: string;
  /** what the editor starts with: the analyst's text, or Mamori's draft */
  body: string;
  /** 0: still Mamori's draft */
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
  /** Mamori's current draft (to go back to) */
  draft: string;
}

export interface EditorKnowledge {
  threatId: number;
  name: string;
  function: string;
  body: string;
  revision: number;
  updatedBy: string | null;
  draft: string;
}

/** Everything the in-browser editor needs for an editable version. */
export async function loadEditor(page: ReportPageData): Promise<{ sections: Record<string, EditorSection>; knowledge: Record<string, EditorKnowledge> }> {
  const { data } = page.rendered;
  const drafts = draftCommentary(data);
  const saved: Map<string, SectionText> = await loadSections(page.report.id);
  const sections: Record<string, EditorSection> = {};
  for (const [key, draft] of Object.entries(drafts)) {
    const s = saved.get(key);
    sections[key] = { key, body: s?.body ?? draft, revision: s?.revision ?? 0, updatedBy: s?.updatedBy ?? null, updatedAt: s?.updatedAt ?? null, draft };
  }
  const ids = data.topEvents.map((e) => e.threatId).filter((x): x is number => x !== null);
  const kb = await knowledgeFor(ids);
  const knowledge: Record<string, EditorKnowledge> = {};
  for (const e of data.topEvents) {
    if (e.threatId === null) continue;
    const k = kb.get(e.threatId);
    const draft = draftDescription(e.function, e.threatName);
    knowledge[String(e.threatId)] = { threatId: e.threatId, name: e.threatName, function: e.function, body: k?.description ?? draft, revision: k?.revision ?? 0, updatedBy: k?.updatedBy ?? null, draft };
  }
  return { sections, knowledge };
}

/** Months to offer for a new draft: the current month back twelve months, in the customer's zone. */
export function recentMonths(timezone: string, count = 13): string[] {
  const out = [currentMonth(timezone)];
  while (out.length < count) out.push(previousMonth(out[out.length - 1]!));
  return out;
}

/** The reports page of a customer: versions (customers: published), months to start, the current diagram. */
export async function loadReportsIndex(scope: { customerId: string; timezone: string }, user: SessionUser) {
  const audience = audienceOf(user);
  const [reports, diagram] = await Promise.all([listReports(scope, audience), audience === "staff" ? currentDiagram(scope) : Promise.resolve(null)]);
  const months = recentMonths(scope.timezone);
  return { reports, months, diagram, staff: audience === "staff", lastClosed: months[1]! };
}

/** The PDF a user may download: the frozen one of a published version, or a draft rendered now (staff). Null → 404. */
/** The PDF a user may download; every download is audited (who, which report, from where). */
export async function reportPdfFor(scope: { customerId: string }, month: string, user: SessionUser, version?: number, ip?: string | null): Promise<{ pdf: Buffer; filename: string; frozen: boolean } | null> {
  const audience = audienceOf(user);
  const report = await findReport(scope, month, audience, audience === "staff" ? version : undefined);
  if (!report) return null;
  await writeAudit({
    actor: { id: user.id, email: user.email, ip },
    action: "report.pdf_download",
    entityType: "report",
    entityId: report.id,
    customerId: scope.customerId,
    after: { month, version: report.version, status: report.status },
  });
  const filename = `${report.documentNumber}_月次分析レポート_${month}.pdf`;
  if (report.status === "published" || report.status === "superseded") {
    const { snapshotPdf } = await import("./publish");
    const pdf = await snapshotPdf(report.id);
    return pdf ? { pdf, filename, frozen: true } : null;
  }
  const { renderReportPdf } = await import("./pdf/render");
  return { pdf: await renderReportPdf(await renderedReport(report)), filename: filename.replace(".pdf", "_draft.pdf"), frozen: false };
}

/** Staff overview: every active customer and the state of its report for one month. */
export async function loadMonthOverview(month: string) {
  const [customers, reports] = await Promise.all([
    prisma.customer.findMany({ where: { disabled: false }, select: { id: true, slug: true, name: true }, orderBy: { slug: "asc" } }),
    prisma.report.findMany({ where: { month }, orderBy: { version: "desc" } }),
  ]);
  return customers.map((c) => {
    const mine = reports.filter((r) => r.customerId === c.id);
    const newest = mine[0];
    const published = mine.find((r) => r.status === "published");
    return { slug: c.slug, name: c.name, newest: newest ? { version: newest.version, status: newest.status, updatedAt: newest.updatedAt.toISOString() } : null, publishedVersion: published?.version ?? null };
  });
}
