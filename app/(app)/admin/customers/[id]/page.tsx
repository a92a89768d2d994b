import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { getCustomerById } from "@/lib/customers/customers";
import { EntityForm } from "@/components/entity-form";
import { customerFields } from "@/components/admin-fields";
import { updateCustomerAction } from "../../actions";

export default async function EditCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("admin");
  const { id } = await params;
  const customer = /^[0-9a-f-]{36}$/.test(id) ? await getCustomerById(id) : null;
  if (!customer) notFound();
  const t = await getTranslations();
  return (
    <>
      <h1>
        {customer.name} <span className="muted">({customer.slug} / {customer.code})</span>
      </h1>
      <EntityForm action={updateCustomerAction.bind(null, customer.id)} fields={customerFields(t as never, customer)} submitLabel={t("common.save")} savedMessage={t("common.saved")} />
    </>
  );
}
