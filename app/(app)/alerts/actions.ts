"use server";

import { notFound } from "next/navigation";
import { requestIp, requireCustomer } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import type { FormState } from "@/lib/forms";
import { runForm } from "@/lib/alerts/form-action";
import { addAlertNote, triageAlert } from "@/lib/alerts/alerts";
import { notifyAlert, resendNotification } from "@/lib/alerts/notify";

// Alert triage by analysts and admins: every action passes the guard for the alert's customer,
// then the staff check (customers get 404, as for anything not theirs).

async function staffOn(slug: string) {
  const { user, scope } = await requireCustomer(slug);
  if (user.role === "customer") notFound();
  return { scope, actor: actorOf(user, await requestIp()) };
}

const paths = (slug: string, id: string) => [`/customers/${slug}/alerts/${id}`, `/customers/${slug}/alerts`, "/alerts"];

export async function triageAlertAction(slug: string, id: string, _prev: FormState, formData: FormData) {
  const { scope, actor } = await staffOn(slug);
  return runForm(formData, (v) => triageAlert(scope, id, v, actor).then(() => undefined), paths(slug, id));
}

export async function noteAlertAction(slug: string, id: string, _prev: FormState, formData: FormData) {
  const { scope, actor } = await staffOn(slug);
  return runForm(formData, (v) => addAlertNote(scope, id, v, actor).then(() => undefined), paths(slug, id));
}

export async function notifyAlertAction(slug: string, id: string, _prev: FormState, formData: FormData) {
  const { scope, actor } = await staffOn(slug);
  return runForm(formData, (v) => notifyAlert(scope, id, v, actor).then(() => undefined), paths(slug, id));
}

export async function resendNotificationAction(slug: string, id: string, _prev: FormState, formData: FormData) {
  const { scope, actor } = await staffOn(slug);
  return runForm(formData, () => resendNotification(scope, id, actor).then(() => undefined), paths(slug, id));
}
