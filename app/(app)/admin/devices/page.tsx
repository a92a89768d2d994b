import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listDevices } from "@/lib/devices/devices";

export default async function AdminDevicesPage() {
  await requireRole("admin");
  const [t, tc, devices] = await Promise.all([getTranslations("device"), getTranslations("common"), listDevices()]);
  return (
    <>
      <div className="page-head">
        <h1>{t("title")}</h1>
        <Link className="button" href="/admin/devices/new">
          {t("new")}
        </Link>
      </div>
      <table className="table" data-testid="devices-table">
        <thead>
          <tr>
            <th>{t("customer")}</th>
            <th>{t("hostname")}</th>
            <th>{t("model")}</th>
            <th>{t("ip")}</th>
            <th>{t("serial")}</th>
            <th>{t("timezone")}</th>
            <th>{tc("status")}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id}>
              <td>{d.customer.name}</td>
              <td>
                <Link href={`/admin/devices/${d.id}`}>{d.hostname}</Link>
              </td>
              <td>
                {d.vendor} {d.model}
              </td>
              <td>{d.ip}</td>
              <td>{d.serial}</td>
              <td>{d.timezone}</td>
              <td>{d.disabled ? tc("disabled") : tc("enabled")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
