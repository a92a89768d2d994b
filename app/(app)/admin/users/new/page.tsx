import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listActiveCustomers } from "@/lib/customers/overview";
import { EntityForm } from "@/components/entity-form";
import { userFields } from "@/components/admin-fields";
import { createUserAction } from "../../actions";

export default async function NewUserPage() {
  await requireRole("admin");
  const [t, customers] = await Promise.all([getTranslations(), listActiveCustomers()]);
  return (
    <>
      <h1>{t("user.new")}</h1>
      <EntityForm action={createUserAction} fields={userFields(t as never, customers)} submitLabel={t("common.create")} />
    </>
  );
}
