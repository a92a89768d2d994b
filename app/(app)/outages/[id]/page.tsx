import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listActiveCustomers } from "@/lib/customers/overview";
import { getOutage } from "@/lib/outages/outages";
import { EntityForm } from "@/components/entity-form";
import { outageFields } from "@/components/soc/outage-fields";
import { updateOutageAction } from "../actions";

export default async function EditOutagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("admin", "analyst");
  const outage = await getOutage((await params).id);
  if (!outage) notFound();
  const [t, customers] = await Promise.all([getTranslations("outages"), listActiveCustomers()]);
  return (
    <>
      <h1>{t("edit")}</h1>
      <EntityForm action={updateOutageAction.bind(null, outage.id)} fields={outageFields(t as never, customers, outage)} submitLabel={t("save")} />
    </>
  );
}
