import { getTranslations } from "next-intl/server";
import type { DeviceStatus } from "@/lib/dashboard/get-dashboard";

function when(d: Date | null, tz: string): string {
  return d ? new Intl.DateTimeFormat("sv-SE", { timeZone: tz, dateStyle: "short", timeStyle: "medium" }).format(d) : "—";
}

/** The customer's firewalls with when each last sent logs; a silent one is a monitoring gap. */
export async function DeviceTable({ devices, silentAfterMinutes, timezone }: { devices: DeviceStatus[]; silentAfterMinutes: number; timezone: string }) {
  const t = await getTranslations("device");
  if (!devices.length) return <p className="muted">{t("none")}</p>;
  return (
    <table className="table" data-testid="device-table">
      <thead>
        <tr>
          <th>{t("model")}</th>
          <th>{t("hostname")}</th>
          <th>{t("ip")}</th>
          <th>{t("serial")}</th>
          <th>{t("lastEvent")}</th>
          <th>{t("lastReceived")}</th>
          <th>{t("state")}</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.id}>
            <td>PaloAltoNetworks {d.model}</td>
            <td>{d.hostname}</td>
            <td>{d.ip}</td>
            <td>{d.serial}</td>
            <td className="nowrap">{when(d.lastEventAt, timezone)}</td>
            <td className="nowrap">{when(d.lastReceivedAt, timezone)}</td>
            <td>
              {d.silent ? (
                <span className="warn" data-testid="device-silent" title={t("silentHelp", { minutes: silentAfterMinutes })}>
                  {t("silent", { minutes: silentAfterMinutes })}
                </span>
              ) : (
                <span className="ok">{t("receiving")}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
