import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { AlertDetail } from "@/lib/alerts/alerts";
import { defang, localDateTime } from "@/lib/alerts/format";
import { LevelBadge, StatusBadge } from "./badges";
import s from "./soc.module.css";

/** What an alert is: the facts, its notification, and the events behind it. */
export async function AlertFacts({ alert, timezone, staff }: { alert: AlertDetail; timezone: string; staff: boolean }) {
  const t = await getTranslations("alerts");
  const n = alert.notification;
  return (
    <>
      <dl className="facts" data-testid="alert-facts">
        <dt>{t("level")}</dt>
        <dd>
          <LevelBadge level={alert.level} />
        </dd>
        {staff && (
          <>
            <dt>{t("status")}</dt>
            <dd>
              <StatusBadge status={alert.status} label={t(`statuses.${alert.status}`)} />
              {alert.closeReason && <span className="muted"> ({t(`closeReasons.${alert.closeReason}`)})</span>}
            </dd>
            <dt>{t("rule")}</dt>
            <dd>{alert.ruleName}</dd>
          </>
        )}
        <dt>{t("function")}</dt>
        <dd>{t(`fn.${alert.fn}`)}</dd>
        <dt>{t("event")}</dt>
        <dd data-testid="alert-event">{alert.eventName}</dd>
        <dt>{t("detectedAt")}</dt>
        <dd>
          {localDateTime(alert.firstAt, timezone)}
          {alert.lastAt.getTime() !== alert.firstAt.getTime() && <> ～ {localDateTime(alert.lastAt, timezone)}</>} <span className="muted">({timezone})</span>
        </dd>
        <dt>{t("count")}</dt>
        <dd data-testid="alert-count">{alert.count.toLocaleString("en-US")}</dd>
        <dt>{t("source")}</dt>
        <dd>{alert.srcIp ?? "—"}</dd>
        <dt>{t("destination")}</dt>
        <dd>
          {alert.dstIp ?? "—"} {alert.direction && <span className="muted">({t(`directions.${alert.direction}`)})</span>}
        </dd>
        {alert.url && (
          <>
            <dt>URL</dt>
            <dd className={s.mono}>{defang(alert.url)}</dd>
          </>
        )}
        {alert.category && alert.category !== "any" && (
          <>
            <dt>{t("category")}</dt>
            <dd>{alert.category}</dd>
          </>
        )}
        {alert.severity && (
          <>
            <dt>Severity</dt>
            <dd>{alert.severity}</dd>
          </>
        )}
        <dt>{t("action")}</dt>
        <dd>
          {alert.action} ({alert.allowed ? t("passed") : t("blocked")})
        </dd>
      </dl>
      {n && (
        <section className={s.card} data-testid="alert-notification">
          <h2>{t("notification")}</h2>
          <dl className="facts">
            <dt>{t("number")}</dt>
            <dd data-testid="notification-number">{n.number}</dd>
            <dt>{t("notifiedAt")}</dt>
            <dd>{localDateTime(n.notifiedAt, timezone)}</dd>
            {staff && (
              <>
                <dt>{t("recipients")}</dt>
                <dd>{n.recipients.join(", ")}</dd>
                <dt>{t("mail")}</dt>
                <dd data-testid="mail-status">
                  {t(`mailStatus.${n.mailStatus}`)}
                  {n.mailError && <span className="muted"> — {n.mailError}</span>}
                </dd>
              </>
            )}
          </dl>
          {n.analysis && (
            <>
              <h3>{t("analysis")}</h3>
              <p className={s.body}>{n.analysis}</p>
            </>
          )}
        </section>
      )}
    </>
  );
}

/** The sample events; each links to the event explorer's page for it (with the raw log line). */
export async function AlertEvents({ alert, timezone, slug }: { alert: AlertDetail; timezone: string; slug: string }) {
  const t = await getTranslations("alerts");
  return (
    <>
      <h2>
        {t("events")} <span className="muted">({t("eventsShown", { shown: alert.events.length, total: alert.count })})</span>
      </h2>
      <table className="table" data-testid="alert-events">
        <thead>
          <tr>
            <th>{t("time")}</th>
            <th>{t("action")}</th>
            <th>{t("source")}</th>
            <th>{t("destination")}</th>
            <th>App</th>
            <th>{t("detail")}</th>
            <th className="num">{t("repeat")}</th>
          </tr>
        </thead>
        <tbody>
          {alert.events.map((e) => (
            <tr key={`${e.fileId}-${e.lineNo}`}>
              <td className="nowrap">
                <Link href={`/customers/${slug}/events/${e.fileId}-${e.lineNo}`}>{localDateTime(e.time, timezone)}</Link>
              </td>
              <td>{e.action}</td>
              <td className="nowrap">
                {e.srcIp ?? "—"}
                {e.srcPort !== null && `:${e.srcPort}`}
              </td>
              <td className="nowrap">
                {e.dstIp ?? "—"}
                {e.dstPort !== null && `:${e.dstPort}`}
              </td>
              <td>{e.app ?? "—"}</td>
              <td className={s.mono}>
                {[e.threatName && `${e.threatName}(${e.threatId ?? ""})`, e.url && defang(e.url), e.category && e.category !== "any" && e.category].filter(Boolean).join(" / ") || "—"}
              </td>
              <td className="num">{e.repeatCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
