import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { parseInput } from "@/lib/validation";
import { StateError } from "./errors";
import { lockEditable } from "./lifecycle";
import { SECTION_KEY_RE } from "./outline";

// Recommendations (確認のお願い) analysts attach to report sections, and the customer's response to
// each on the published report: checked (確認しました) or an answer. Responses are visible to staff.

export const recommendationInputSchema = z.object({
  sectionKey: z.string().regex(SECTION_KEY_RE, "invalid"),
  body: z.string().trim().min(1, "required").max(2000, "tooLong"),
});

export const responseInputSchema = z
  .object({
    status: z.enum(["checked", "answered"], { message: "invalid" }),
    answer: z.string().trim().max(5000, "tooLong").default(""),
  })
  .refine((v) => v.status !== "answered" || v.answer.length > 0, { path: ["answer"], message: "required" });

export interface RecommendationView {
  id: string;
  sectionKey: string;
  body: string;
}

export interface ResponseView {
  recommendationId: string;
  status: "checked" | "answered";
  answer: string;
  respondedBy: string;
  respondedAt: string;
}

export async function loadRecommendations(reportId: string): Promise<RecommendationView[]> {
  const rows = await prisma.reportRecommendation.findMany({ where: { reportId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map((r) => ({ id: r.id, sectionKey: r.sectionKey, body: r.body }));
}

export async function addRecommendation(scope: { customerId: string }, reportId: string, input: unknown, actor: Actor): Promise<RecommendationView> {
  const data = parseInput(recommendationInputSchema, input);
  return prisma.$transaction(async (tx) => {
    await lockEditable(tx, scope, reportId);
    const position = await tx.reportRecommendation.count({ where: { reportId, sectionKey: data.sectionKey } });
    const r = await tx.reportRecommendation.create({ data: { reportId, customerId: scope.customerId, sectionKey: data.sectionKey, position, body: data.body, createdBy: actor.email } });
    await writeAudit({ actor, action: "report.recommendation.add", entityType: "report", entityId: reportId, customerId: scope.customerId, after: { id: r.id, sectionKey: r.sectionKey, body: r.body } }, tx);
    return { id: r.id, sectionKey: r.sectionKey, body: r.body };
  });
}

export async function removeRecommendation(scope: { customerId: string }, reportId: string, id: string, actor: Actor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockEditable(tx, scope, reportId);
    const r = await tx.reportRecommendation.findFirst({ where: { id: /^[0-9a-f-]{36}$/i.test(id) ? id : undefined, reportId } });
    if (!r) throw new StateError("notFound");
    await tx.reportRecommendation.delete({ where: { id: r.id } });
    await writeAudit({ actor, action: "report.recommendation.remove", entityType: "report", entityId: reportId, customerId: scope.customerId, before: { id: r.id, sectionKey: r.sectionKey, body: r.body } }, tx);
  });
}

export async function loadResponses(reportId: string): Promise<Map<string, ResponseView>> {
  const rows = await prisma.reportRecommendationResponse.findMany({ where: { reportId } });
  return new Map(rows.map((r) => [r.recommendationId, { recommendationId: r.recommendationId, status: r.status as ResponseView["status"], answer: r.answer, respondedBy: r.respondedBy, respondedAt: r.respondedAt.toISOString() }]));
}

/** The customer's response to one recommendation of the report they were given (published only). */
export async function respondToRecommendation(
  scope: { customerId: string },
  reportId: string,
  recommendationId: string,
  input: unknown,
  actor: Actor,
): Promise<ResponseView> {
  const data = parseInput(responseInputSchema, input);
  if (!/^[0-9a-f-]{36}$/i.test(reportId) || !/^[0-9a-f-]{36}$/i.test(recommendationId)) throw new StateError("notFound");
  return prisma.$transaction(async (tx) => {
    const rec = await tx.reportRecommendation.findFirst({ where: { id: recommendationId, reportId, customerId: scope.customerId }, include: { report: { select: { status: true } } } });
    if (!rec) throw new StateError("notFound");
    if (rec.report.status !== "published") throw new StateError("badTransition", "only a published report can be answered");
    const before = await tx.reportRecommendationResponse.findUnique({ where: { recommendationId } });
    const values = { status: data.status, answer: data.status === "answered" ? data.answer : "", respondedById: actor.id, respondedBy: actor.email, respondedAt: new Date() };
    const r = await tx.reportRecommendationResponse.upsert({
      where: { recommendationId },
      create: { recommendationId, reportId, customerId: scope.customerId, ...values },
      update: values,
    });
    await writeAudit(
      { actor, action: "report.recommendation.respond", entityType: "report", entityId: reportId, customerId: scope.customerId, before: before ? { status: before.status, answer: before.answer } : undefined, after: { recommendationId, status: r.status, answer: r.answer } },
      tx,
    );
    return { recommendationId, status: r.status as ResponseView["status"], answer: r.answer, respondedBy: r.respondedBy, respondedAt: r.respondedAt.toISOString() };
  });
}
