import { prisma } from "@/lib/db/client";
import { FUNCTIONS, percent, type ReportFn } from "./report-data";

export interface MonthLogSummary {
  month: string;
  totals: Record<ReportFn, { allow: number; deny: number }>;
  totalLogs: number;
  blockedLogs: number;
  blockedRatio: number | null;
}

/** Log counts per local month and function, newest first, from the daily rollup. */
export async function listMonthlyLogSummary(scope: { customerId: string }, limit = 12): Promise<MonthLogSummary[]> {
  const rows = await prisma.$queryRaw<{ month: string; fn: string; allowed: boolean; count: bigint }[]>`
    SELECT to_char(date_trunc('month', day), 'YYYY-MM') AS month, fn, allowed, sum(count)::bigint AS count
    FROM rollup_daily WHERE customer_id = ${scope.customerId}::uuid
    GROUP BY 1, fn, allowed ORDER BY 1 DESC`;
  const months = new Map<string, MonthLogSummary>();
  for (const r of rows) {
    let m = months.get(r.month);
    if (!m) {
      if (months.size >= limit) continue;
      m = { month: r.month, totals: Object.fromEntries(FUNCTIONS.map((f) => [f, { allow: 0, deny: 0 }])) as MonthLogSummary["totals"], totalLogs: 0, blockedLogs: 0, blockedRatio: null };
      months.set(r.month, m);
    }
    if (!(FUNCTIONS as readonly string[]).includes(r.fn)) continue;
    const n = Number(r.count);
    m.totals[r.fn as ReportFn][r.allowed ? "allow" : "deny"] += n;
    m.totalLogs += n;
    if (!r.allowed) m.blockedLogs += n;
  }
  for (const m of months.values()) m.blockedRatio = percent(m.blockedLogs, m.totalLogs);
  return [...months.values()];
}
