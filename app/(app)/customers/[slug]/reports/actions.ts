"use server";

import { notFound, redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requestIp, requireCustomer, requireRole } from "@/lib/auth/guard";
import { actorOf, type Actor } from "@/lib/auth/types";
import type { CustomerScope } from "@/lib/auth/guard";
import { formError, formValues, type FormState } from "@/lib/forms";
import { ensureDraft, reopen, returnToDraft, submitForReview } from "@/lib/reports/lifecycle";
import { publishReport } from "@/lib/reports/publish";
import { saveSection } from "@/lib/reports/commentary";
import { saveKnowledge } from "@/lib/knowledge/threats";
import { addEventTable, refreshEventTable, removeEventTable } from "@/lib/reports/event-tables";
import { addRecommendation, removeRecommendation, respondToRecommendation } from "@/lib/reports/recommendations";
import { saveResult, stateErrorCode, type SaveResult } from "@/lib/reports/save-result";

// Server actions of the report pages. Each one checks who may do it (server actions are public
// endpoints), hands over to one lib/reports function and maps its errors for the form.

async function staff(slug: string): Promise<{ actor: Actor; scope: CustomerScope }> {
  const { user, scope } = await requireCustomer(slug);
  if (user.role === "customer") notFound();
  return { actor: actorOf(user, await requestIp()), scope };
}

const reportPath = (slug: string, month: string) => `/customers/${slug}/reports/${month}`;

export async function createDraftAction(slug: string, formData: FormData) {
  const { actor, scope } = await staff(slug);
  const month = String(formData.get("month") ?? "");
  let target = `/customers/${slug}/reports?error=month`;
  try {
    const { report } = await ensureDraft(scope, month, actor);
    target = `${reportPath(slug, report.month)}/edit`;
  } catch (err) {
    const code = stateErrorCode(err);
    if (!code) throw err;
    target = `/customers/${slug}/reports?error=${code}`;
  }
  revalidatePath(`/customers/${slug}/reports`);
  redirect(target);
}

export async function transitionAction(slug: string, month: string, reportId: string, action: "submit" | "return" | "publish" | "reopen") {
  const { actor, scope } = await staff(slug);
  let target = reportPath(slug, month);
  try {
    if (action === "submit") await submitForReview(scope, reportId, actor);
    else if (action === "return") await returnToDraft(scope, reportId, actor);
    else if (action === "publish") await publishReport(scope, reportId, actor);
    else if (action === "reopen") target = `${reportPath(slug, month)}/edit?v=${(await reopen(scope, reportId, actor)).version}`;
  } catch (err) {
    const code = stateErrorCode(err);
    if (!code) throw err;
    target = `${reportPath(slug, month)}?error=${code}`;
  }
  revalidatePath(`/customers/${slug}/reports`, "layout");
  redirect(target);
}

export async function saveSectionAction(slug: string, reportId: string, key: string, body: string, expectedRevision: number): Promise<SaveResult> {
  const { actor, scope } = await staff(slug);
  return saveResult(() => saveSection(scope, reportId, { key, body, expectedRevision }, actor));
}

export async function saveKnowledgeAction(threatId: number, name: string, body: string, expectedRevision: number): Promise<SaveResult> {
  const user = await requireRole("admin", "analyst");
  const actor = actorOf(user, await requestIp());
  return saveResult(async () => {
    const k = await saveKnowledge({ threatId, name, description: body, expectedRevision }, actor);
    return { body: k.description, revision: k.revision, updatedBy: k.updatedBy, updatedAt: k.updatedAt };
  });
}

export async function addEventTableAction(slug: string, month: string, reportId: string, sectionKey: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor, scope } = await staff(slug);
  const values = formValues(formData);
  try {
    await addEventTable(scope, reportId, { ...values, sectionKey }, actor);
  } catch (err) {
    if (stateErrorCode(err)) return { ok: false, fieldErrors: {}, message: stateErrorCode(err)! };
    return formError(err, values);
  }
  revalidatePath(`${reportPath(slug, month)}/edit`);
  return { ok: true, fieldErrors: {} };
}

export async function eventTableAction(slug: string, month: string, reportId: string, tableId: string, op: "refresh" | "remove") {
  const { actor, scope } = await staff(slug);
  if (op === "refresh") await refreshEventTable(scope, reportId, tableId, actor);
  else await removeEventTable(scope, reportId, tableId, actor);
  revalidatePath(`${reportPath(slug, month)}/edit`);
}

export async function addRecommendationAction(slug: string, month: string, reportId: string, sectionKey: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor, scope } = await staff(slug);
  const values = formValues(formData);
  try {
    await addRecommendation(scope, reportId, { sectionKey, body: values.body }, actor);
  } catch (err) {
    if (stateErrorCode(err)) return { ok: false, fieldErrors: {}, message: stateErrorCode(err)! };
    return formError(err, values);
  }
  revalidatePath(`${reportPath(slug, month)}/edit`);
  return { ok: true, fieldErrors: {} };
}

export async function removeRecommendationAction(slug: string, month: string, reportId: string, id: string) {
  const { actor, scope } = await staff(slug);
  await removeRecommendation(scope, reportId, id, actor);
  revalidatePath(`${reportPath(slug, month)}/edit`);
}

/** The customer's answer to a recommendation of the published report. */
export async function respondAction(slug: string, month: string, reportId: string, recommendationId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const { user, scope } = await requireCustomer(slug);
  if (user.role !== "customer") notFound();
  const values = formValues(formData);
  try {
    await respondToRecommendation(scope, reportId, recommendationId, values, actorOf(user, await requestIp()));
  } catch (err) {
    if (stateErrorCode(err)) return { ok: false, fieldErrors: {}, message: stateErrorCode(err)! };
    return formError(err, values);
  }
  revalidatePath(reportPath(slug, month));
  return { ok: true, fieldErrors: {} };
}
