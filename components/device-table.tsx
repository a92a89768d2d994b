import { getTranslations } from "next-intl/server";

interface DeviceRow {
  id: string;
  vendor: string;
  model: string;
  function: string;
  hostname: string;
  ip: string;
  serial: string;
  timezone: string;
}

export async function DeviceTable({ devices }: { devices: DeviceRow[] }) {
  const t = await getTranslations("device");
  if (!devices.length) return <p className="muted">{t("none")}</p>;
  return (
    <table className="table" data-testid="device-table">
      <thead>
        <tr>
          <th>{t("model")}</th>
          <th>{t("function")}</th>
          <th>{t("hostname")}</th>
          <th>{t("ip")}</th>
          <th>{t("serial")}</th>
          <th>{t("timezone")}</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.id}>
            <td>
              {d.vendor} {d.model}
            </td>
            <td>{d.function}</td>
            <td>{d.hostname}</td>
            <td>{d.ip}</td>
            <td>{d.serial}</td>
            <td>{d.timezone}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
