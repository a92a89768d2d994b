"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requestIp, requireUser, requireUserForEnrolment } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import { formError, type FormState } from "@/lib/forms";
import { changeOwnPassword, setUserLocale } from "@/lib/users/users";
import { confirmTotpEnrolment } from "@/lib/users/two-factor";
import { LOCALE_COOKIE } from "@/lib/i18n/request";

export async function setLocaleAction(formData: FormData) {
  const user = await requireUser();
  const locale = z.enum(["ja", "en"]).catch("ja").parse(formData.get("locale"));
  await setUserLocale(user.id, locale);
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });
  revalidatePath("/", "layout");
}

/** Confirms TOTP enrolment with a code; `next` is where staff who had to enrol go afterwards. */
export async function confirmTotpAction(next: string | null, _prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUserForEnrolment();
  try {
    await confirmTotpEnrolment(user.id, String(formData.get("code") ?? ""), actorOf(user, await requestIp()));
  } catch (err) {
    return formError(err);
  }
  if (next) redirect(next);
  revalidatePath("/settings");
  return { ok: true, fieldErrors: {} };
}

/** Own password change; every session ends, so the user signs in again with the new password. */
export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser();
  const v = (k: string) => String(formData.get(k) ?? "");
  try {
    await changeOwnPassword(user.id, { current: v("current"), password: v("password"), confirm: v("confirm") }, actorOf(user, await requestIp()));
  } catch (err) {
    return formError(err);
  }
  redirect("/signin");
}
