import { createHash } from "node:crypto";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { localDate } from "@/lib/alerts/format";
import { StateError } from "./errors";
import { monthSchema } from "./month";

// A report per customer and month, in versions: draft → review → published. Reopening a
// published version makes version + 1 (a draft with the same commentary, tables and
// recommendations); the older version stays what customers see until the new one is published,
// then it becomes superseded. Publishing freezes the snapshot (lib/reports/publish.ts). Every
// transition is conditional on the status it starts from (two clicks never publish twice) and
// written to the audit log.

export const REPORT_STATUSES = ["draft", "review", "published", "superseded"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const EDITABLE: ReportStatus[] = ["draft", "review"];

export interface ReportRow {
  id: string;
  customerId: string;
  month: string;
  version: number;
  status: ReportStatus;
  documentNumber: string;
  issuedOn: string | null;
  createdBy: string;
  createdAt: string;
  submittedAt: string | null;
  submittedBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  updatedAt: string;
}

type Row = Prisma.ReportGetPayload<object>;
export function toReportRow(r: Row): ReportRow {
  return {
    id: r.id,
    customerId: r.customerId,
    month: r.month,
    version: r.version,
    status: r.status as ReportStatus,
    documentNumber: r.documentNumber,
    issuedOn: r.issuedOn ? r.issuedOn.toISOString().slice(0, 10) : null,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    submittedBy: r.submittedBy,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    publishedBy: r.publishedBy,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The month now in a time zone, "2022-01". */
export function currentMonth(timezone: string, now = new Date()): string {
  return localDate(now, timezone).slice(0, 7);
}

/** 文書番号: MR<YYMM>-<customer code>-<version, 2 digits>, e.g. MR2112-12345-01. */
export function documentNumber(customerCode: string, month: string, version: number): string {
  return `MR${month.slice(2, 4)}${month.slice(5, 7)}-${customerCode}-${String(version).padStart(2, "0")}`;
}

export type Audience = "staff" | "customer";

/** Versions of a customer's reports, newest month and version first. Customers: published only. */
export async function listReports(scope: { customerId: string }, audience: Audience, opts: { month?: string } = {}): Promise<ReportRow[]> {
  const rows = await prisma.report.findMany({
    where: { customerId: scope.customerId, ...(opts.month ? { month: opts.month } : {}), ...(audience === "customer" ? { status: "published" } : {}) },
    orderBy: [{ month: "desc" }, { version: "desc" }],
    take: 500,
  });
  return rows.map(toReportRow);
}

/**
 * The version of a month a reader gets: customers the published one (never a draft, never an
 * old version); staff the version asked for, else the newest. Null: nothing to show (→ 404).
 */
export async function findReport(scope: { customerId: string }, month: string, audience: Audience, version?: number): Promise<ReportRow | null> {
  if (!monthSchema.safeParse(month).success) return null;
  if (version !== undefined && (!Number.isSafeInteger(version) || version < 1)) return null;
  const r = await prisma.report.findFirst({
    where: {
      customerId: scope.customerId,
      month,
      ...(audience === "customer" ? { status: "published" } : {}),
      ...(version !== undefined ? { version } : {}),
    },
    orderBy: { version: "desc" },
  });
  return r ? toReportRow(r) : null;
}

async function lockMonth(tx: Prisma.TransactionClient, customerId: string, month: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`report:${customerId}:${month}`}))`;
}

/**
 * The month's report, creating version 1 as a draft when there is none yet (on demand, or by the
 * schedule). Months that have not begun in the customer's time zone are refused.
 */
export async function ensureDraft(scope: { customerId: string }, month: string, actor: Actor, opts: { now?: Date } = {}): Promise<{ report: ReportRow; created: boolean }> {
  if (!monthSchema.safeParse(month).success) throw new StateError("notFound", `invalid month ${month}`);
  const customer = await prisma.customer.findUniqueOrThrow({ where: { id: scope.customerId }, select: { code: true, timezone: true } });
  if (month > currentMonth(customer.timezone, opts.now)) throw new StateError("monthNotStarted", `${month} has not begun`);
  return prisma.$transaction(async (tx) => {
    await lockMonth(tx, scope.customerId, month);
    const existing = await tx.report.findFirst({ where: { customerId: scope.customerId, month }, orderBy: { version: "desc" } });
    if (existing) return { report: toReportRow(existing), created: false };
    const r = await tx.report.create({
      data: { customerId: scope.customerId, month, version: 1, status: "draft", documentNumber: documentNumber(customer.code, month, 1), createdBy: actor.email },
    });
    await writeAudit({ actor, action: "report.create", entityType: "report", entityId: r.id, customerId: scope.customerId, after: { month, version: 1, status: "draft", documentNumber: r.documentNumber } }, tx);
    return { report: toReportRow(r), created: true };
  });
}

async function transition(
  scope: { customerId: string },
  reportId: string,
  from: ReportStatus,
  to: ReportStatus,
  action: string,
  actor: Actor,
  extra: Prisma.ReportUpdateManyMutationInput = {},
): Promise<ReportRow> {
  return prisma.$transaction(async (tx) => {
    const n = await tx.report.updateMany({ where: { id: reportId, customerId: scope.customerId, status: from }, data: { status: to, ...extra } });
    const r = await tx.report.findFirst({ where: { id: reportId, customerId: scope.customerId } });
    if (!r) throw new StateError("notFound");
    if (n.count !== 1) throw new StateError("badTransition", `report is ${r.status}, not ${from}`);
    await writeAudit({ actor, action, entityType: "report", entityId: r.id, customerId: scope.customerId, before: { status: from }, after: { status: to, month: r.month, version: r.version } }, tx);
    return toReportRow(r);
  });
}

/** draft → review */
export function submitForReview(scope: { customerId: string }, reportId: string, actor: Actor) {
  return transition(scope, reportId, "draft", "review", "report.submit", actor, { submittedAt: new Date(), submittedBy: actor.email });
}

/** review → draft (the reviewer sends it back) */
export function returnToDraft(scope: { customerId: string }, reportId: string, actor: Actor) {
  return transition(scope, reportId, "review", "draft", "report.return", actor);
}

/**
 * published → a new draft version with the same commentary, event tables and recommendations.
 * Only the newest version can be reopened; the published one stays visible until the new one is published.
 */
export async function reopen(scope: { customerId: string }, reportId: string, actor: Actor): Promise<ReportRow> {
  return prisma.$transaction(async (tx) => {
    const src = await tx.report.findFirst({
      where: { id: reportId, customerId: scope.customerId },
      include: { sections: true, eventTables: true, recommendations: true },
    });
    if (!src) throw new StateError("notFound");
    await lockMonth(tx, scope.customerId, src.month);
    if (src.status !== "published") throw new StateError("badTransition", `report is ${src.status}, not published`);
    const newer = await tx.report.count({ where: { customerId: scope.customerId, month: src.month, version: { gt: src.version } } });
    if (newer) throw new StateError("exists", "a newer version exists");
    const customer = await tx.customer.findUniqueOrThrow({ where: { id: scope.customerId }, select: { code: true } });
    const version = src.version + 1;
    const r = await tx.report.create({
      data: { customerId: scope.customerId, month: src.month, version, status: "draft", documentNumber: documentNumber(customer.code, src.month, version), createdBy: actor.email },
    });
    if (src.sections.length) {
      await tx.reportSection.createMany({ data: src.sections.map((s) => ({ reportId: r.id, customerId: s.customerId, key: s.key, body: s.body, revision: 1, updatedBy: s.updatedBy, updatedAt: s.updatedAt })) });
    }
    if (src.eventTables.length) {
      await tx.reportEventTable.createMany({
        data: src.eventTables.map((t) => ({ reportId: r.id, customerId: t.customerId, sectionKey: t.sectionKey, position: t.position, title: t.title, filter: t.filter as Prisma.InputJsonValue, rows: t.rows as Prisma.InputJsonValue, matched: t.matched, createdBy: t.createdBy })),
      });
    }
    if (src.recommendations.length) {
      await tx.reportRecommendation.createMany({
        data: src.recommendations.map((x) => ({ reportId: r.id, customerId: x.customerId, sectionKey: x.sectionKey, position: x.position, body: x.body, createdBy: x.createdBy })),
      });
    }
    await writeAudit({ actor, action: "report.reopen", entityType: "report", entityId: r.id, customerId: scope.customerId, before: { reportId: src.id, version: src.version }, after: { month: r.month, version, status: "draft", documentNumber: r.documentNumber } }, tx);
    return toReportRow(r);
  });
}

/**
 * For edits: the report if it belongs to the customer and can still be edited, holding a share
 * lock on it until the transaction ends (publishing takes the row lock, so an edit either lands
 * before the snapshot or is refused after it).
 */
export async function lockEditable(tx: Prisma.TransactionClient, scope: { customerId: string }, reportId: string): Promise<{ id: string; month: string; status: ReportStatus }> {
  if (!/^[0-9a-f-]{36}$/i.test(reportId)) throw new StateError("notFound");
  const rows = await tx.$queryRaw<{ id: string; month: string; status: ReportStatus }[]>`
    SELECT id::text, month, status FROM reports WHERE id = ${reportId}::uuid AND customer_id = ${scope.customerId}::uuid FOR SHARE`;
  const r = rows[0];
  if (!r) throw new StateError("notFound");
  if (!EDITABLE.includes(r.status)) throw new StateError("notEditable", `report is ${r.status}`);
  return r;
}

export const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
