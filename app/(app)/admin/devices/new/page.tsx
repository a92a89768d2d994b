import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listActiveCustomers } from "@/lib/customers/overview";
import { EntityForm } from "@/components/entity-form";
import { deviceFields } from "@/components/admin-fields";
import { createDeviceAction } from "../../actions";

export default async function NewDevicePage() {
  await requireRole("admin");
  const [t, customers] = await Promise.all([getTranslations(), listActiveCustomers()]);
  return (
    <>
      <h1>{t("device.new")}</h1>
      <EntityForm action={createDeviceAction} fields={deviceFields(t as never, customers)} submitLabel={t("common.create")} />
    </>
  );
}
