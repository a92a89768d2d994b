import { prisma } from "@/lib/db/client";
import { getBranding } from "@/lib/branding/branding";
import { draftDescription, knowledgeFor } from "@/lib/knowledge/threats";
import { localDate } from "@/lib/alerts/format";
import { buildReportData, type ReportData } from "./report-data";
import { draftCommentary } from "./drafts";
import { loadSections } from "./commentary";
import { loadEventTables, type EventTableView } from "./event-tables";
import { loadRecommendations, type RecommendationView } from "./recommendations";
import { currentDiagram, type StoredImageInfo } from "./images";
import { jaDate } from "./format";
import type { ReportRow } from "./lifecycle";

// What a report version shows: the report data (figures) and the document around it (cover,
// commentary, イベント説明, event tables, recommendations, network diagram). A draft is built
// live; a published version is read from its snapshot and never rebuilt. The online view, the
// print view, the PDF and the JSON API all render this one object.

export interface ReportMeta {
  reportId: string;
  customerSlug: string;
  customerName: string;
  month: string;
  version: number;
  status: ReportRow["status"];
  /** 文書番号 */
  documentNumber: string;
  title: string;
  /** 作成日 "2022-01-10" (publication date; today for a draft) */
  issuedOn: string;
  /** "2022年1月10日" */
  issuedOnJa: string;
  /** "株式会社サンプル 御中" */
  addressee: string;
  /** 種別 "UTM" */
  kind: string;
  /** 製品名 "PaloAltoNetworks PA-3220" */
  product: string;
  /** "[2021-12-01～2021-12-31]" */
  periodLabel: string;
  providerName: string;
  logoImageId: string | null;
  /** true until published: the cover says so */
  draft: boolean;
}

export interface ReportDocument {
  meta: ReportMeta;
  /** final text of every commentary section (analyst's, or Mamori's draft) */
  commentary: Record<string, string>;
  /** section keys whose text an analyst saved (the rest are Mamori's drafts) */
  edited: string[];
  /** イベント説明 by threat id (knowledge base, or Mamori's draft where there is no entry yet) */
  eventDescriptions: Record<string, string>;
  eventTables: EventTableView[];
  recommendations: RecommendationView[];
  diagram: StoredImageInfo | null;
}

export interface RenderedReport {
  data: ReportData;
  doc: ReportDocument;
}

const unique = (xs: string[]) => [...new Set(xs.filter(Boolean))];

/** Builds a draft or in-review version from live data. */
export async function buildLiveReport(report: ReportRow, opts: { issuedOn?: string } = {}): Promise<RenderedReport> {
  const scope = { customerId: report.customerId };
  const [data, customer, branding, sections, eventTables, recommendations, diagram] = await Promise.all([
    buildReportData(scope, report.month),
    prisma.customer.findUniqueOrThrow({ where: { id: report.customerId }, select: { slug: true, name: true, timezone: true } }),
    getBranding(),
    loadSections(report.id),
    loadEventTables(report.id),
    loadRecommendations(report.id),
    currentDiagram(scope),
  ]);
  const drafts = draftCommentary(data);
  const commentary: Record<string, string> = {};
  for (const [k, v] of Object.entries(drafts)) commentary[k] = sections.get(k)?.body ?? v;
  const threatIds = data.topEvents.map((e) => e.threatId).filter((x): x is number => x !== null);
  const kb = await knowledgeFor(threatIds);
  const eventDescriptions: Record<string, string> = {};
  for (const e of data.topEvents) if (e.threatId !== null) eventDescriptions[String(e.threatId)] = kb.get(e.threatId)?.description ?? draftDescription(e.function, e.threatName);
  const issuedOn = opts.issuedOn ?? report.issuedOn ?? localDate(new Date(), customer.timezone);
  const days = data.period;
  return {
    data,
    doc: {
      meta: {
        reportId: report.id,
        customerSlug: customer.slug,
        customerName: customer.name,
        month: report.month,
        version: report.version,
        status: report.status,
        documentNumber: report.documentNumber,
        title: branding.reportTitle,
        issuedOn,
        issuedOnJa: jaDate(issuedOn),
        addressee: `${customer.name} 御中`,
        kind: unique(data.devices.map((d) => d.function)).join("・") || "UTM",
        product: unique(data.devices.map((d) => `${d.vendor} ${d.model}`)).join("、") || "-",
        periodLabel: `[${days.from.slice(0, 10)}～${days.to.slice(0, 10)}]`,
        providerName: branding.providerName,
        logoImageId: branding.logoImageId,
        draft: true,
      },
      commentary,
      edited: [...sections.keys()].filter((k) => k in drafts),
      eventDescriptions,
      eventTables,
      recommendations,
      diagram,
    },
  };
}

/** The version as its readers see it: the frozen snapshot once published, else built live. */
export async function renderedReport(report: ReportRow): Promise<RenderedReport> {
  if (report.status === "published" || report.status === "superseded") {
    const snap = await prisma.reportSnapshot.findUnique({ where: { reportId: report.id }, select: { data: true, document: true } });
    if (!snap) throw new Error(`published report ${report.id} has no snapshot`);
    const doc = snap.document as unknown as ReportDocument;
    return { data: snap.data as unknown as ReportData, doc: { ...doc, meta: { ...doc.meta, status: report.status } } };
  }
  return buildLiveReport(report);
}
