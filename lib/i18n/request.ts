import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getSessionUser } from "@/lib/auth/guard";

export const LOCALES = ["ja", "en"] as const;
export type AppLocale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "NEXT_LOCALE";

// No locale in the URL: a signed-in user's own setting wins, then the cookie, then Japanese.
export default getRequestConfig(async () => {
  const user = await getSessionUser();
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale: AppLocale = user?.locale ?? (cookie === "en" ? "en" : "ja");
  const messages = (await import(`./messages/${locale}.json`)).default;
  return { locale, messages, timeZone: "Asia/Tokyo" };
});
