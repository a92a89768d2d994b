import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { loadMonthOverview, recentMonths } from "@/lib/reports/page-data";
import { monthSchema } from "@/lib/reports/month";
import "@/components/report/report.css";

// Staff: this month's reports of every customer at a glance (drafts waiting, in review, published).
export default async function ReportsOverviewPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  await requireRole("admin", "analyst");
  const months = recentMonths("Asia/Tokyo");
  const asked = (await searchParams).month;
  const month = asked && monthSchema.safeParse(asked).success ? asked : months[1]!;
  const [t, rows] = await Promise.all([getTranslations("reports"), loadMonthOverview(month)]);
  return (
    <>
      <h1>{t("overviewTitle")}</h1>
      <form className="filters">
        <input type="month" name="month" defaultValue={month} max={months[0]} aria-label={t("month")} />
        <button type="submit">{t("show")}</button>
      </form>
      <table className="table" data-testid="report-overview">
        <thead>
          <tr>
            <th>{t("customer")}</th>
            <th>{t("status")}</th>
            <th>{t("version")}</th>
            <th>{t("published")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.slug}>
              <td>
                <Link href={`/customers/${r.slug}/reports/${month}`}>{r.name}</Link> <span className="muted">{r.slug}</span>{" "}
                <Link href={`/customers/${r.slug}/reports`} className="muted">
                  ({t("title")})
                </Link>
              </td>
              <td>{r.newest ? <span className={`status status-${r.newest.status}`}>{t(`statuses.${r.newest.status}` as "statuses.draft")}</span> : <span className="muted">{t("notYet")}</span>}</td>
              <td>{r.newest ? `v${r.newest.version}` : "—"}</td>
              <td>{r.publishedVersion ? `v${r.publishedVersion}` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
