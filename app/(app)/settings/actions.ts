"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/guard";
import { setUserLocale } from "@/lib/users/users";
import { LOCALE_COOKIE } from "@/lib/i18n/request";

export async function setLocaleAction(formData: FormData) {
  const user = await requireUser();
  const locale = z.enum(["ja", "en"]).catch("ja").parse(formData.get("locale"));
  await setUserLocale(user.id, locale);
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });
  revalidatePath("/", "layout");
}
