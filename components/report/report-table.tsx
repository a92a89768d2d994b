import type { TableModel } from "@/lib/reports/tables";

// A report table as HTML, from the table model the PDF renders too.

export function ReportTable({ table, empty, testId }: { table: TableModel; empty?: string; testId?: string }) {
  if (!table.rows.length && !table.total) return <p className="note">{empty ?? "該当するデータはありません。"}</p>;
  const cls = (i: number) => (table.columns[i]?.numeric ? "num" : undefined);
  return (
    <table className="report-table" data-testid={testId}>
      <thead>
        <tr>
          {table.columns.map((c, i) => (
            <th key={i} className={cls(i)}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r, ri) => (
          <tr key={ri}>
            {r.map((c, i) => {
              // Counts and keys are doors to the events behind them (online only; the PDF has no links).
              const href = table.links?.[ri]?.[i];
              return (
                <td key={i} className={cls(i)}>
                  {href ? <a href={href}>{c}</a> : c}
                </td>
              );
            })}
          </tr>
        ))}
        {table.total && (
          <tr className="total">
            {table.total.map((c, i) => (
              <td key={i} className={cls(i)}>
                {c}
              </td>
            ))}
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Long daily tables as two halves side by side, like the sample's split tables. */
export function SplitReportTable({ table, testId }: { table: TableModel; testId?: string }) {
  const half = Math.ceil(table.rows.length / 2);
  return (
    <div className="report-split" data-testid={testId}>
      <ReportTable table={{ columns: table.columns, rows: table.rows.slice(0, half) }} />
      <ReportTable table={{ columns: table.columns, rows: table.rows.slice(half), total: table.total }} />
    </div>
  );
}
