import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { EventRow } from "@/lib/events";

export async function EventTable({ rows, slug }: { rows: EventRow[]; slug: string }) {
  const t = await getTranslations("events");
  if (!rows.length) return <p className="muted">{t("none")}</p>;
  return (
    <table className="table" data-testid="event-table">
      <thead>
        <tr>
          <th>{t("c.time")}</th>
          <th>{t("c.fn")}</th>
          <th>{t("c.action")}</th>
          <th>{t("c.src")}</th>
          <th>{t("c.dst")}</th>
          <th>{t("c.detail")}</th>
          <th>{t("c.direction")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td className="nowrap">
              <Link href={`/customers/${slug}/events/${r.id}`}>{r.time}</Link>
            </td>
            <td>{r.fn ?? r.logType}</td>
            <td className={r.allowed ? "" : "blocked"}>{r.action}</td>
            <td className="nowrap">
              {r.srcIp}
              {r.srcPort !== null ? `:${r.srcPort}` : ""} {r.srcCountry && <small className="muted">{r.srcCountry}</small>}
            </td>
            <td className="nowrap">
              {r.dstIp}
              {r.dstPort !== null ? `:${r.dstPort}` : ""}/{r.protocol} {r.dstCountry && <small className="muted">{r.dstCountry}</small>}
            </td>
            <td className="detail">{r.threatName ? `${r.threatName}(${r.threatId}) ${r.severity ?? ""}` : r.url ? `${r.url} [${r.category}]` : r.app}</td>
            <td>{r.direction}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
