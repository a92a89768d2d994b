import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { SessionUser } from "@/lib/auth/types";
import { SignOutButton } from "./sign-out-button";

export async function AppHeader({ user }: { user: SessionUser }) {
  const t = await getTranslations();
  const staff = user.role !== "customer";
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        <img src="/logo.svg" alt="" width={24} height={24} /> {t("app.name")}
      </Link>
      <nav>
        {user.role === "customer" && user.customerSlug && <Link href={`/customers/${user.customerSlug}`}>{t("nav.home")}</Link>}
        {staff && <Link href="/customers">{t("nav.customers")}</Link>}
        {/* SOC operations (lib/alerts, lib/tickets, lib/outages) */}
        {user.role === "customer" && user.customerSlug && (
          <>
            <Link href={`/customers/${user.customerSlug}/alerts`}>{t("soc.nav.myAlerts")}</Link>
            <Link href={`/customers/${user.customerSlug}/inquiries`}>{t("soc.nav.myInquiries")}</Link>
            <Link href={`/customers/${user.customerSlug}/work`}>{t("soc.nav.myWork")}</Link>
          </>
        )}
        {staff && (
          <>
            <Link href="/alerts">{t("soc.nav.alerts")}</Link>
            <Link href="/inquiries">{t("soc.nav.inquiries")}</Link>
            <Link href="/rules">{t("soc.nav.rules")}</Link>
            <Link href="/outages">{t("soc.nav.outages")}</Link>
          </>
        )}
        {/* Monthly reports (lib/reports, lib/knowledge, lib/branding) */}
        {user.role === "customer" && user.customerSlug && <Link href={`/customers/${user.customerSlug}/reports`}>{t("reports.navReports")}</Link>}
        {staff && (
          <>
            <Link href="/reports">{t("reports.navReports")}</Link>
            <Link href="/knowledge">{t("reports.navKnowledge")}</Link>
          </>
        )}
        {user.role === "admin" && <Link href="/settings/branding">{t("reports.navBranding")}</Link>}
        {user.role === "admin" && (
          <>
            <Link href="/admin/customers">{t("nav.adminCustomers")}</Link>
            <Link href="/admin/devices">{t("nav.adminDevices")}</Link>
            <Link href="/admin/users">{t("nav.adminUsers")}</Link>
            <Link href="/admin/jobs">{t("nav.adminJobs")}</Link>
            <Link href="/admin/audit">{t("nav.audit")}</Link>
          </>
        )}
        <Link href="/settings">{t("nav.settings")}</Link>
      </nav>
      <div className="who">
        <span data-testid="current-user">{user.email}</span> <span className="badge">{t(`roles.${user.role}`)}</span>
        <SignOutButton label={t("nav.signOut")} />
      </div>
    </header>
  );
}
