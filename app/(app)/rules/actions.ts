"use server";

import { requestIp, requireRole } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import type { FormState } from "@/lib/forms";
import { checkbox, runForm } from "@/lib/alerts/form-action";
import { createRule, updateRule } from "@/lib/alerts/rules";
import { createThreatList, importThreatList, removeThreatListEntry, updateThreatList } from "@/lib/intel/lists";

// Alert rules and threat-intelligence lists: analysts and admins.

async function staff() {
  const user = await requireRole("admin", "analyst");
  return actorOf(user, await requestIp());
}

export async function createRuleAction(_prev: FormState, formData: FormData) {
  const actor = await staff();
  return runForm(formData, async (v) => {
    await createRule({ ...v, enabled: checkbox(v.enabled) }, actor);
    return "/rules";
  }, ["/rules"]);
}

export async function updateRuleAction(id: string, _prev: FormState, formData: FormData) {
  const actor = await staff();
  return runForm(formData, (v) => updateRule(id, { ...v, enabled: checkbox(v.enabled) }, actor).then(() => undefined), ["/rules", `/rules/${id}`]);
}

export async function createListAction(_prev: FormState, formData: FormData) {
  const actor = await staff();
  return runForm(formData, async (v) => `/rules/lists/${(await createThreatList(v, actor)).id}`, ["/rules/lists"]);
}

export async function updateListAction(id: string, _prev: FormState, formData: FormData) {
  const actor = await staff();
  return runForm(formData, (v) => updateThreatList(id, v, actor).then(() => undefined), ["/rules/lists", `/rules/lists/${id}`]);
}

export interface ImportState extends FormState {
  summary?: { parsed: number; added: number; updated: number; removed: number; rejected: { line: number; text: string; reason: string }[] };
}

export async function importListAction(id: string, _prev: ImportState, formData: FormData): Promise<ImportState> {
  const actor = await staff();
  let summary: ImportState["summary"];
  const state = await runForm(formData, async (v) => {
    summary = await importThreatList(id, { ...v, replace: checkbox(v.replace) }, actor);
  }, ["/rules/lists", `/rules/lists/${id}`]);
  return { ...state, summary };
}

export async function removeEntryAction(id: string, value: string) {
  const actor = await staff();
  await removeThreatListEntry(id, value, actor);
  const { revalidatePath } = await import("next/cache");
  revalidatePath(`/rules/lists/${id}`);
}
