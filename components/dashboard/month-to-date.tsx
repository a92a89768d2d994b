import { getTranslations } from "next-intl/server";
import type { Dashboard } from "@/lib/dashboard/get-dashboard";
import { filterQuery } from "@/lib/events/filter";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import { nextMonth } from "@/lib/reports/month";
import { DailyChart } from "./daily-chart";

export async function MonthToDate({ dashboard: d, slug }: { dashboard: Dashboard; slug: string }) {
  const t = await getTranslations("dashboard");
  const tf = await getTranslations("logs.fn");
  const range = { from: `${d.month}-01`, to: d.asOf === `${d.month}-${String(d.days).padStart(2, "0")}` ? addDay(d.asOf) : `${nextMonth(d.month)}-01` };
  const link = (extra: Record<string, string> = {}) => `/customers/${slug}/events?${filterQuery({ ...range, ...extra })}`;
  return (
    <section data-testid="month-to-date">
      <h2>{t("title", { month: d.month, asOf: d.asOf })}</h2>
      <p className="muted">{t("comparedWith", { days: d.days })}</p>
      <table className="table">
        <thead>
          <tr>
            <th>{t("function")}</th>
            <th className="num">{t("logs")}</th>
            <th className="num">{t("previous")}</th>
            <th className="num">{t("change")}</th>
            <th className="num">{t("blocked")}</th>
            <th className="num">{t("blockedRatio")}</th>
          </tr>
        </thead>
        <tbody>
          {d.functions.map((f) => (
            <tr key={f.fn} data-fn={f.fn}>
              <td>{tf(f.fn)}</td>
              <td className="num">
                <a href={link({ fn: f.fn })}>{formatCount(f.total)}</a>
              </td>
              <td className="num">{formatCount(f.previousTotal)}</td>
              <td className="num">{formatPercent(f.change)}</td>
              <td className="num">
                <a href={link({ fn: f.fn, blocked: "yes" })}>{formatCount(f.blocked)}</a>
              </td>
              <td className="num">{formatPercent(f.blockedRatio)}</td>
            </tr>
          ))}
          <tr className="total" data-fn="total">
            <td>{t("total")}</td>
            <td className="num">{formatCount(d.total.total)}</td>
            <td className="num">{formatCount(d.total.previousTotal)}</td>
            <td className="num">{formatPercent(d.total.change)}</td>
            <td className="num">{formatCount(d.total.blocked)}</td>
            <td className="num">{formatPercent(d.total.blockedRatio)}</td>
          </tr>
        </tbody>
      </table>
      <DailyChart data={d.daily} allowLabel={t("allow")} denyLabel={t("deny")} />
    </section>
  );
}

function addDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
