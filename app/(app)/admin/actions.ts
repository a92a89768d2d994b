"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requestIp, requireRole } from "@/lib/auth/guard";
import { actorOf, type Actor } from "@/lib/auth/types";
import { formError, formValues, type FormState } from "@/lib/forms";
import { createCustomer, updateCustomer } from "@/lib/customers/customers";
import { createDevice, updateDevice } from "@/lib/devices/devices";
import { createUser, resetPassword, updateUser } from "@/lib/users/users";
import { resetTotp } from "@/lib/users/two-factor";

// Admin server actions: each checks the role itself (server actions are public endpoints),
// hands the form to one domain function, and maps its InputError to field messages.

async function asAdmin(): Promise<Actor> {
  const user = await requireRole("admin");
  return actorOf(user, await requestIp());
}

async function attempt(body: (actor: Actor, v: Record<string, string>) => Promise<string | void>, formData: FormData): Promise<FormState> {
  const actor = await asAdmin();
  const values = formValues(formData);
  let target: string | void;
  try {
    target = await body(actor, values);
  } catch (err) {
    return formError(err, values);
  }
  revalidatePath("/admin", "layout");
  if (target) redirect(target);
  return { ok: true, fieldErrors: {} };
}

export async function createCustomerAction(_prev: FormState, formData: FormData) {
  return attempt(async (actor, v) => {
    await createCustomer(v, actor);
    return "/admin/customers";
  }, formData);
}

export async function updateCustomerAction(id: string, _prev: FormState, formData: FormData) {
  return attempt(async (actor, v) => {
    await updateCustomer(id, { ...v, disabled: v.disabled === "true" }, actor);
  }, formData);
}

export async function createDeviceAction(_prev: FormState, formData: FormData) {
  return attempt(async (actor, v) => {
    await createDevice(v, actor);
    return "/admin/devices";
  }, formData);
}

export async function updateDeviceAction(id: string, _prev: FormState, formData: FormData) {
  return attempt(async (actor, v) => {
    await updateDevice(id, { ...v, disabled: v.disabled === "true" }, actor);
  }, formData);
}

export async function createUserAction(_prev: FormState, formData: FormData) {
  return attempt(async (actor, v) => {
    await createUser(v, actor);
    return "/admin/users";
  }, formData);
}

export async function updateUserAction(id: string, _prev: FormState, formData: FormData) {
  return attempt(async (actor, v) => {
    await updateUser(id, { ...v, disabled: v.disabled === "true" }, actor);
  }, formData);
}

export async function resetPasswordAction(id: string, _prev: FormState, formData: FormData) {
  return attempt(async (actor, v) => {
    await resetPassword(id, v.password ?? "", actor);
  }, formData);
}

export async function resetTwoFactorAction(id: string, _prev: FormState, formData: FormData) {
  return attempt(async (actor) => {
    await resetTotp(id, actor);
  }, formData);
}
