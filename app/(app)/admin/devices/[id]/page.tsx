import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { getDeviceById } from "@/lib/devices/devices";
import { EntityForm } from "@/components/entity-form";
import { deviceFields } from "@/components/admin-fields";
import { updateDeviceAction } from "../../actions";

export default async function EditDevicePage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("admin");
  const { id } = await params;
  const device = /^[0-9a-f-]{36}$/.test(id) ? await getDeviceById(id) : null;
  if (!device) notFound();
  const t = await getTranslations();
  return (
    <>
      <h1>
        {device.hostname} <span className="muted">({device.customer.name})</span>
      </h1>
      <EntityForm action={updateDeviceAction.bind(null, device.id)} fields={deviceFields(t as never, [], device)} submitLabel={t("common.save")} savedMessage={t("common.saved")} />
    </>
  );
}
