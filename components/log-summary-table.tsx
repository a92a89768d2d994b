import { getTranslations } from "next-intl/server";
import type { MonthLogSummary } from "@/lib/reports/log-summary";
import { FUNCTIONS } from "@/lib/reports/report-data";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import { filterQuery } from "@/lib/events/filter";
import { nextMonth } from "@/lib/reports/month";

/** Every count is a door to the explorer with that month (and function) as the filter. */
export async function LogSummaryTable({ months, slug }: { months: MonthLogSummary[]; slug: string }) {
  const link = (month: string, extra: Record<string, string> = {}) =>
    `/customers/${slug}/events?${filterQuery({ from: `${month}-01`, to: `${nextMonth(month)}-01`, ...extra })}`;
  const t = await getTranslations("logs");
  if (!months.length) return <p className="muted">{t("none")}</p>;
  return (
    <table className="table" data-testid="log-summary">
      <thead>
        <tr>
          <th>{t("month")}</th>
          {FUNCTIONS.map((f) => (
            <th key={f} className="num">
              {t(`fn.${f}`)}
            </th>
          ))}
          <th className="num">{t("total")}</th>
          <th className="num">{t("blocked")}</th>
          <th className="num">{t("blockedRatio")}</th>
        </tr>
      </thead>
      <tbody>
        {months.map((m) => (
          <tr key={m.month}>
            <td>
              <a href={link(m.month)}>{m.month}</a>
            </td>
            {FUNCTIONS.map((f) => (
              <td key={f} className="num">
                <a href={link(m.month, { fn: f })}>{formatCount(m.totals[f].allow + m.totals[f].deny)}</a>
              </td>
            ))}
            <td className="num">{formatCount(m.totalLogs)}</td>
            <td className="num">
              <a href={link(m.month, { blocked: "yes" })}>{formatCount(m.blockedLogs)}</a>
            </td>
            <td className="num">{formatPercent(m.blockedRatio)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
