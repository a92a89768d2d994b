import { getTranslations } from "next-intl/server";
import type { MonthLogSummary } from "@/lib/reports/log-summary";
import { FUNCTIONS } from "@/lib/reports/report-data";
import { formatCount, formatPercent } from "@/lib/format/numbers";

export async function LogSummaryTable({ months }: { months: MonthLogSummary[] }) {
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
            <td>{m.month}</td>
            {FUNCTIONS.map((f) => (
              <td key={f} className="num">
                {formatCount(m.totals[f].allow + m.totals[f].deny)}
              </td>
            ))}
            <td className="num">{formatCount(m.totalLogs)}</td>
            <td className="num">{formatCount(m.blockedLogs)}</td>
            <td className="num">{formatPercent(m.blockedRatio)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
