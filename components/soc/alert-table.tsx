import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { localDateTime } from "@/lib/alerts/format";
import { LevelBadge, StatusBadge } from "./badges";

export interface AlertRow {
  id: string;
  fn: string;
  level: string;
  status: string;
  eventName: string;
  srcIp: string | null;
  dstIp: string | null;
  count: number;
  firstAt: Date;
  notification: { number: string } | null;
  customer?: { slug: string; name: string; timezone: string };
}

/** Alerts as a table: the queue (with customers) or one customer's list. */
export async function AlertTable({ rows, slug, timezone, staff, testId = "alerts-table" }: { rows: AlertRow[]; slug?: string; timezone?: string; staff: boolean; testId?: string }) {
  const t = await getTranslations("alerts");
  if (!rows.length) return <p className="muted" data-testid={testId}>{t("none")}</p>;
  const withCustomer = rows.some((r) => r.customer);
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>{t("detectedAt")}</th>
          {withCustomer && <th>{t("customer")}</th>}
          <th>{t("function")}</th>
          <th>{t("level")}</th>
          <th>{t("event")}</th>
          <th>{t("source")}</th>
          <th>{t("destination")}</th>
          <th className="num">{t("count")}</th>
          {staff && <th>{t("status")}</th>}
          <th>{t("number")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((a) => {
          const s = a.customer?.slug ?? slug!;
          const tz = a.customer?.timezone ?? timezone ?? "Asia/Tokyo";
          return (
            <tr key={a.id} data-alert-id={a.id}>
              <td className="nowrap">
                <Link href={`/customers/${s}/alerts/${a.id}`}>{localDateTime(a.firstAt, tz)}</Link>
              </td>
              {withCustomer && <td className="nowrap">{a.customer?.name}</td>}
              <td className="nowrap">{t(`fn.${a.fn}`)}</td>
              <td>
                <LevelBadge level={a.level} />
              </td>
              <td>{a.eventName}</td>
              <td>{a.srcIp ?? "—"}</td>
              <td>{a.dstIp ?? "—"}</td>
              <td className="num">{a.count.toLocaleString("en-US")}</td>
              {staff && (
                <td>
                  <StatusBadge status={a.status} label={t(`statuses.${a.status}`)} />
                </td>
              )}
              <td className="nowrap">{a.notification?.number ?? "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
