import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { getBranding } from "@/lib/branding/branding";
import { BrandingForm } from "@/components/report/branding-form";

// Admins: the provider's name, report title and logo on the report's cover and page headers.
export default async function BrandingPage() {
  await requireRole("admin");
  const [t, b] = await Promise.all([getTranslations("branding"), getBranding()]);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("hint")}</p>
      <BrandingForm initial={b} logoUrl={b.logoImageId ? `/api/branding/logo/${b.logoImageId}` : null} />
    </>
  );
}
