"use server";

import { notFound } from "next/navigation";
import { requestIp, requireCustomer } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import type { FormState } from "@/lib/forms";
import { runForm } from "@/lib/alerts/form-action";
import { createInquiry, replyToInquiry } from "@/lib/tickets/inquiries";
import { createWorkItem, updateWorkItem } from "@/lib/tickets/work";

// Inquiries (customers file and reply, staff answer) and work items (staff), per customer.

async function on(slug: string) {
  const { user, scope } = await requireCustomer(slug);
  return { user, scope, staff: user.role !== "customer", actor: actorOf(user, await requestIp()) };
}

async function staffOn(slug: string) {
  const ctx = await on(slug);
  if (!ctx.staff) notFound();
  return ctx;
}

export async function createInquiryAction(slug: string, _prev: FormState, formData: FormData) {
  const { scope, actor } = await on(slug);
  return runForm(formData, async (v) => `/customers/${slug}/inquiries/${(await createInquiry(scope, v, actor)).id}`, [`/customers/${slug}/inquiries`, "/inquiries"]);
}

export async function replyInquiryAction(slug: string, id: string, _prev: FormState, formData: FormData) {
  const { scope, actor, staff } = await on(slug);
  return runForm(formData, (v) => replyToInquiry(scope, id, v, actor, { staff }).then(() => undefined), [`/customers/${slug}/inquiries/${id}`, `/customers/${slug}/inquiries`, "/inquiries"]);
}

export async function createWorkAction(slug: string, _prev: FormState, formData: FormData) {
  const { scope, actor } = await staffOn(slug);
  return runForm(formData, (v) => createWorkItem(scope, v, actor).then(() => undefined), [`/customers/${slug}/work`]);
}

export async function updateWorkAction(slug: string, id: string, _prev: FormState, formData: FormData) {
  const { scope, actor } = await staffOn(slug);
  return runForm(formData, async (v) => {
    await updateWorkItem(scope, id, v, actor);
    return `/customers/${slug}/work`;
  }, [`/customers/${slug}/work`]);
}
