import { z } from "zod";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { pgPool } from "@/lib/db/pool";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { isIPv4, isIPv6, parseInput } from "@/lib/validation";
import { makeLocalTimeConverter } from "@/lib/ingest/panos/time";
import { defang } from "@/lib/alerts/format";
import { FUNCTIONS, type ReportFn } from "./report-data";
import { nextMonth } from "./month";
import { StateError } from "./errors";
import { lockEditable } from "./lifecycle";

// Tables of selected events an analyst adds to a section's その他 (the sample's
// proxy-avoidance-and-anonymizers table): a filter over the month's events, grouped, counted,
// first detection time. `events` has no Prisma model; the query always names the customer and
// the month's time range, so only that month's partition is read. The rows are stored with the
// report (refreshable while it is a draft); a published report keeps the rows it showed.

export const eventFilterSchema = z.object({
  sectionKey: z.string().regex(new RegExp(`^fn\\.(${FUNCTIONS.join("|")})\\.other$`), "invalid"),
  title: z.string().trim().max(200, "tooLong").default(""),
  category: z.string().trim().max(200, "tooLong").default(""),
  text: z.string().trim().max(200, "tooLong").default(""),
  srcIp: z.string().trim().max(64, "tooLong").default("").refine((v) => !v || isIPv4(v) || isIPv6(v), "ip"),
  dstIp: z.string().trim().max(64, "tooLong").default("").refine((v) => !v || isIPv4(v) || isIPv6(v), "ip"),
  action: z.enum(["any", "allowed", "blocked"], { message: "invalid" }).default("any"),
  limit: z.coerce.number().int("invalid").min(1, "invalid").max(100, "invalid").default(20),
});
export type EventFilter = z.infer<typeof eventFilterSchema>;

export interface EventTableColumn {
  label: string;
  numeric?: boolean;
}
export interface EventTableView {
  id: string;
  sectionKey: string;
  title: string;
  filter: EventFilter;
  columns: EventTableColumn[];
  rows: (string | number)[][];
  matched: number;
}

const COLUMNS: Record<"url" | "threat" | "firewall", EventTableColumn[]> = {
  url: [{ label: "No." }, { label: "検知日時" }, { label: "宛先 URL" }, { label: "URL カテゴリ" }, { label: "件数", numeric: true }],
  threat: [{ label: "No." }, { label: "検知日時" }, { label: "送信元 IP アドレス" }, { label: "宛先 IP アドレス" }, { label: "イベント名" }, { label: "件数", numeric: true }],
  firewall: [{ label: "No." }, { label: "検知日時" }, { label: "送信元 IP アドレス" }, { label: "宛先 IP アドレス" }, { label: "宛先ポート" }, { label: "アクション" }, { label: "件数", numeric: true }],
};
const shape = (fn: ReportFn) => (fn === "url" ? "url" : fn === "firewall" ? "firewall" : "threat");

/** Runs a filter over one customer's month of events: grouped rows (at most filter.limit) and how many groups matched. */
export async function queryEvents(scope: { customerId: string; timezone: string }, month: string, filter: EventFilter): Promise<{ columns: EventTableColumn[]; rows: (string | number)[][]; matched: number }> {
  const fn = filter.sectionKey.split(".")[1] as ReportFn;
  const conv = makeLocalTimeConverter(scope.timezone);
  const from = conv(`${month}-01 00:00:00`)!;
  const to = conv(`${nextMonth(month)}-01 00:00:00`)!;
  const params: unknown[] = [scope.customerId, from, to, fn, scope.timezone];
  const where = ["customer_id = $1::uuid", "time >= $2", "time < $3", "fn = $4"];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (fn === "firewall") where.push("is_session");
  if (filter.category) where.push(`category = ${p(filter.category)}`);
  if (filter.text) where.push(`(url ILIKE ${p(`%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} OR threat_name ILIKE $${params.length} OR app ILIKE $${params.length})`);
  if (filter.srcIp) where.push(`src_ip = ${p(filter.srcIp)}::inet`);
  if (filter.dstIp) where.push(`dst_ip = ${p(filter.dstIp)}::inet`);
  if (filter.action !== "any") where.push(filter.action === "allowed" ? "allowed" : "NOT allowed");
  const kind = shape(fn);
  const group =
    kind === "url"
      ? ["coalesce(url, '')", "coalesce(category, '')"]
      : kind === "threat"
        ? ["host(src_ip)", "host(dst_ip)", "coalesce(threat_name, '')", "threat_id"]
        : ["host(src_ip)", "host(dst_ip)", "dst_port", "coalesce(protocol, '')", "action"];
  const sql = `
    SELECT to_char(min(time) AT TIME ZONE $5, 'YYYY-MM-DD HH24:MI:SS') AS first, sum(repeat_count)::bigint AS n, ${group.map((g, i) => `${g} AS g${i}`).join(", ")},
           count(*) OVER ()::int AS matched
    FROM events WHERE ${where.join(" AND ")}
    GROUP BY ${group.join(", ")}
    ORDER BY n DESC, first ASC
    LIMIT ${p(filter.limit)}`;
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN READ ONLY");
    await client.query("SET LOCAL statement_timeout = '30s'");
    const res = await client.query<Record<string, string | number | null>>(sql, params);
    await client.query("COMMIT");
    const rows = res.rows.map((r, i) => {
      const n = Number(r.n);
      if (kind === "url") return [i + 1, String(r.first), defang(String(r.g0 ?? "")), String(r.g1 ?? ""), n];
      if (kind === "threat") return [i + 1, String(r.first), String(r.g0 ?? "-"), String(r.g1 ?? "-"), `${r.g2 ?? ""}${r.g3 !== null && r.g3 !== undefined ? `(${r.g3})` : ""}`, n];
      return [i + 1, String(r.first), String(r.g0 ?? "-"), String(r.g1 ?? "-"), r.g2 === null ? "-" : `${r.g2}/${String(r.g3 ?? "").toUpperCase()}`, String(r.g4 ?? ""), n];
    });
    return { columns: COLUMNS[kind], rows, matched: res.rows[0] ? Number(res.rows[0].matched) : 0 };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

type TableRow = Prisma.ReportEventTableGetPayload<object>;
function view(t: TableRow): EventTableView {
  const stored = t.rows as unknown as { columns: EventTableColumn[]; rows: (string | number)[][] };
  return { id: t.id, sectionKey: t.sectionKey, title: t.title, filter: t.filter as unknown as EventFilter, columns: stored.columns, rows: stored.rows, matched: t.matched };
}

export async function loadEventTables(reportId: string): Promise<EventTableView[]> {
  const rows = await prisma.reportEventTable.findMany({ where: { reportId }, orderBy: [{ sectionKey: "asc" }, { position: "asc" }, { createdAt: "asc" }] });
  return rows.map(view);
}

async function customerZone(customerId: string) {
  return (await prisma.customer.findUniqueOrThrow({ where: { id: customerId }, select: { timezone: true } })).timezone;
}

export async function addEventTable(scope: { customerId: string }, reportId: string, input: unknown, actor: Actor): Promise<EventTableView> {
  const filter = parseInput(eventFilterSchema, input);
  const report = await prisma.report.findFirst({ where: { id: /^[0-9a-f-]{36}$/i.test(reportId) ? reportId : undefined, customerId: scope.customerId }, select: { month: true } });
  if (!report) throw new StateError("notFound");
  const result = await queryEvents({ customerId: scope.customerId, timezone: await customerZone(scope.customerId) }, report.month, filter);
  return prisma.$transaction(async (tx) => {
    await lockEditable(tx, scope, reportId);
    const position = await tx.reportEventTable.count({ where: { reportId, sectionKey: filter.sectionKey } });
    const t = await tx.reportEventTable.create({
      data: {
        reportId,
        customerId: scope.customerId,
        sectionKey: filter.sectionKey,
        position,
        title: filter.title,
        filter: filter as unknown as Prisma.InputJsonValue,
        rows: { columns: result.columns, rows: result.rows } as unknown as Prisma.InputJsonValue,
        matched: result.matched,
        createdBy: actor.email,
      },
    });
    await writeAudit({ actor, action: "report.event_table.add", entityType: "report", entityId: reportId, customerId: scope.customerId, after: { id: t.id, filter, rows: result.rows.length, matched: result.matched } }, tx);
    return view(t);
  });
}

/** Runs the table's filter again (late logs) while the report can still be edited. */
export async function refreshEventTable(scope: { customerId: string }, reportId: string, tableId: string, actor: Actor): Promise<EventTableView> {
  const t = await prisma.reportEventTable.findFirst({ where: { id: /^[0-9a-f-]{36}$/i.test(tableId) ? tableId : undefined, reportId, customerId: scope.customerId }, include: { report: { select: { month: true } } } });
  if (!t) throw new StateError("notFound");
  const filter = eventFilterSchema.parse(t.filter);
  const result = await queryEvents({ customerId: scope.customerId, timezone: await customerZone(scope.customerId) }, t.report.month, filter);
  return prisma.$transaction(async (tx) => {
    await lockEditable(tx, scope, reportId);
    const u = await tx.reportEventTable.update({ where: { id: t.id }, data: { rows: { columns: result.columns, rows: result.rows } as unknown as Prisma.InputJsonValue, matched: result.matched } });
    await writeAudit({ actor, action: "report.event_table.refresh", entityType: "report", entityId: reportId, customerId: scope.customerId, before: { id: t.id, matched: t.matched }, after: { id: t.id, matched: result.matched } }, tx);
    return view(u);
  });
}

export async function removeEventTable(scope: { customerId: string }, reportId: string, tableId: string, actor: Actor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockEditable(tx, scope, reportId);
    const t = await tx.reportEventTable.findFirst({ where: { id: /^[0-9a-f-]{36}$/i.test(tableId) ? tableId : undefined, reportId } });
    if (!t) throw new StateError("notFound");
    await tx.reportEventTable.delete({ where: { id: t.id } });
    await writeAudit({ actor, action: "report.event_table.remove", entityType: "report", entityId: reportId, customerId: scope.customerId, before: { id: t.id, filter: t.filter } }, tx);
  });
}
