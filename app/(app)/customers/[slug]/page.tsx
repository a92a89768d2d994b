import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { getCustomerOverview } from "@/lib/customers/overview";
import { getDashboard, getDashboardSoc } from "@/lib/dashboard/get-dashboard";
import { listMonthlyLogSummary } from "@/lib/reports/log-summary";
import { DeviceTable } from "@/components/device-table";
import { LogSummaryTable } from "@/components/log-summary-table";
import { MonthToDate } from "@/components/dashboard/month-to-date";
import { SocPanels } from "@/components/dashboard/soc-panels";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { scope } = await requireCustomer((await params).slug);
  return { title: `${scope.name} — Mamori` };
}

/** The customer's home: this month so far, their firewalls, logs per month. */
export default async function CustomerHome({ params }: Props) {
  const { scope } = await requireCustomer((await params).slug);
  const [t, tl, overview, dashboard, months] = await Promise.all([
    getTranslations("customer"),
    getTranslations("logs"),
    getCustomerOverview(scope),
    getDashboard(scope),
    listMonthlyLogSummary(scope),
  ]);
  const soc = await getDashboardSoc(scope, dashboard);
  return (
    <>
      <h1 data-testid="customer-name">{overview.name}</h1>
      <MonthToDate dashboard={dashboard} slug={overview.slug} />
      <SocPanels soc={soc} slug={overview.slug} timezone={overview.timezone} />
      <section>
        <h2>{t("devices")}</h2>
        <DeviceTable devices={dashboard.devices} silentAfterMinutes={dashboard.silentAfterMinutes} timezone={overview.timezone} />
      </section>
      <section>
        <h2>{tl("title")}</h2>
        <LogSummaryTable months={months} slug={overview.slug} />
        <p>
          <a href={`/customers/${overview.slug}/events`} data-testid="explorer-link">
            {tl("explore")}
          </a>
        </p>
      </section>
      <section>
        <h2>{t("overview")}</h2>
        <dl className="facts">
          <dt>{t("timezone")}</dt>
          <dd>{overview.timezone}</dd>
          <dt>{t("internalNetworks")}</dt>
          <dd>{overview.internalNetworks.join(", ") || "—"}</dd>
        </dl>
      </section>
    </>
  );
}
