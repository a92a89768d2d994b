import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { EntityForm } from "@/components/entity-form";
import { customerFields } from "@/components/admin-fields";
import { createCustomerAction } from "../../actions";

export default async function NewCustomerPage() {
  await requireRole("admin");
  const t = await getTranslations();
  return (
    <>
      <h1>{t("customer.new")}</h1>
      <EntityForm action={createCustomerAction} fields={customerFields(t as never)} submitLabel={t("common.create")} />
    </>
  );
}
