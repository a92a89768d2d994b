import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { DashboardSoc } from "@/lib/dashboard/get-dashboard";
import { formatCount, formatRatio } from "@/lib/format/numbers";

function when(d: Date | null, tz: string): string {
  return d ? new Intl.DateTimeFormat("sv-SE", { timeZone: tz, dateStyle: "short", timeStyle: "short" }).format(d) : "—";
}

export async function SocPanels({ soc, slug, timezone }: { soc: DashboardSoc; slug: string; timezone: string }) {
  const t = await getTranslations("dashboard");
  const tf = await getTranslations("logs.fn");
  return (
    <div className="panels">
      <section data-testid="alert-levels">
        <h2>{t("alerts")}</h2>
        <table className="table">
          <thead>
            <tr>
              <th>{t("level")}</th>
              <th className="num">{t("previous")}</th>
              <th className="num">{t("thisMonth")}</th>
              <th className="num">{t("change")}</th>
            </tr>
          </thead>
          <tbody>
            {soc.alertLevels.map((l) => (
              <tr key={l.level}>
                <td>{l.level}</td>
                <td className="num">{formatCount(l.previous)}</td>
                <td className="num">{formatCount(l.current)}</td>
                <td className="num">{formatRatio(l.current, l.previous)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section data-testid="latest-alerts">
        <h2>{t("latestAlerts")}</h2>
        {soc.latestAlerts.length ? (
          <ul className="list">
            {soc.latestAlerts.map((a) => (
              <li key={a.id}>
                <Link href={`/customers/${slug}/alerts/${a.id}`}>{a.number ?? a.ruleName}</Link> <span className="badge-level">{a.level}</span> {tf(a.fn as "firewall")} · {a.ruleName} ·{" "}
                <span className="muted">{when(a.notifiedAt, timezone)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("noAlerts")}</p>
        )}
      </section>
      <section data-testid="open-inquiries">
        <h2>{t("openInquiries")}</h2>
        {soc.openInquiries.length ? (
          <ul className="list">
            {soc.openInquiries.map((q) => (
              <li key={q.id}>
                <Link href={`/customers/${slug}/inquiries/${q.id}`}>{q.number}</Link> {q.subject} <span className="muted">{when(q.createdAt, timezone)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("noInquiries")}</p>
        )}
      </section>
      <section data-testid="latest-report">
        <h2>{t("latestReport")}</h2>
        {soc.latestReport ? (
          <p>
            <Link href={`/customers/${slug}/reports/${soc.latestReport.month}`}>
              {soc.latestReport.month} {t("reportTitle")}
            </Link>{" "}
            <span className="muted">
              {soc.latestReport.documentNumber} · {when(soc.latestReport.publishedAt, timezone)}
            </span>
          </p>
        ) : (
          <p className="muted">{t("noReport")}</p>
        )}
      </section>
    </div>
  );
}
