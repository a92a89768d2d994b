import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { listInquiryChoices } from "@/lib/tickets/inquiries";
import { getWorkItem } from "@/lib/tickets/work";
import { EntityForm } from "@/components/entity-form";
import { CustomerTabs } from "@/components/soc/customer-tabs";
import { alertChoices, workFields } from "@/components/soc/work-fields";
import { listCustomerAlerts } from "@/lib/alerts/alerts";
import { updateWorkAction } from "../../../../inquiries/actions";

type Props = { params: Promise<{ slug: string; id: string }> };

export default async function EditWorkPage({ params }: Props) {
  const { slug, id } = await params;
  const { user, scope } = await requireCustomer(slug);
  if (user.role === "customer") notFound();
  const item = await getWorkItem(scope, id);
  if (!item) notFound();
  const [t, inquiries, alerts] = await Promise.all([getTranslations("work"), listInquiryChoices(scope), listCustomerAlerts(scope, { staff: true }, { limit: 100 })]);
  return (
    <>
      <CustomerTabs slug={scope.slug} name={scope.name} current="work" />
      <h1>{t("edit")}</h1>
      <EntityForm
        action={updateWorkAction.bind(null, scope.slug, item.id)}
        fields={workFields(t as never, inquiries, alertChoices(alerts, scope.timezone), { date: item.date.toISOString().slice(0, 10), content: item.content, status: item.status, inquiryId: item.inquiryId ?? "", alertId: item.alertId ?? "" })}
        submitLabel={t("save")}
      />
    </>
  );
}
