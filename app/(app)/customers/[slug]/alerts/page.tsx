import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { listCustomerAlerts } from "@/lib/alerts/alerts";
import { AlertTable } from "@/components/soc/alert-table";
import { CustomerTabs } from "@/components/soc/customer-tabs";

type Props = { params: Promise<{ slug: string }> };

export default async function CustomerAlertsPage({ params }: Props) {
  const { user, scope } = await requireCustomer((await params).slug);
  const staff = user.role !== "customer";
  const [t, rows] = await Promise.all([getTranslations("alerts"), listCustomerAlerts(scope, { staff })]);
  return (
    <>
      <CustomerTabs slug={scope.slug} name={scope.name} current="alerts" />
      <h1>{staff ? t("customerTitleStaff") : t("customerTitle")}</h1>
      <AlertTable rows={rows} slug={scope.slug} timezone={scope.timezone} staff={staff} />
    </>
  );
}
