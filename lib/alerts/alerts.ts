import { z } from "zod";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { writeAudit } from "@/lib/audit/write-audit";
import { customerFilterWhere } from "@/lib/customers/overview";
import type { Actor } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { ALERT_FUNCTIONS, CLOSE_REASONS, LEVELS, STATUSES, type AlertStatus } from "./constants";

// Alerts as analysts triage them and customers read them. Every function that reads one
// customer's alerts takes the scope ({ customerId }) and builds its own where; a customer sees
// an alert only once it has been notified to them.

export interface Viewer {
  staff: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

const pick = <T extends readonly string[]>(values: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v && (values as readonly string[]).includes(v) ? (v as T[number]) : undefined));

/** Queue filters from the query string; anything unknown is ignored. */
export const alertFilterSchema = z.object({
  customer: z
    .string()
    .trim()
    .max(63)
    .optional()
    .transform((v) => v || undefined),
  fn: pick(ALERT_FUNCTIONS),
  level: pick(LEVELS),
  status: z
    .string()
    .optional()
    .transform((v) => (v === "all" ? "all" : v && (STATUSES as readonly string[]).includes(v) ? (v as AlertStatus) : v === "open" || !v ? "open" : undefined)),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type AlertFilter = z.infer<typeof alertFilterSchema>;

const PAGE = 50;

function statusWhere(status: AlertFilter["status"]): Prisma.AlertWhereInput {
  if (status === "all" || status === undefined) return {};
  if (status === "open") return { status: { in: ["new", "investigating"] } };
  return { status };
}

/** The analysts' queue across customers (staff only: callers check the role), newest first. */
export async function listAlertQueue(filter: AlertFilter) {
  const byCustomer = await customerFilterWhere(filter.customer);
  if (!byCustomer) return { rows: [], more: false, page: filter.page };
  const where: Prisma.AlertWhereInput = {
    ...byCustomer,
    ...(filter.fn ? { fn: filter.fn } : {}),
    ...(filter.level ? { level: filter.level } : {}),
    ...statusWhere(filter.status),
  };
  const rows = await prisma.alert.findMany({
    where,
    orderBy: [{ lastAt: "desc" }, { id: "asc" }],
    skip: (filter.page - 1) * PAGE,
    take: PAGE + 1,
    include: { notification: { select: { number: true } } },
  });
  const customers = await prisma.customer.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.customerId))] } }, select: { id: true, slug: true, name: true, timezone: true } });
  const byId = new Map(customers.map((c) => [c.id, c]));
  return {
    rows: rows.slice(0, PAGE).map((r) => ({ ...r, customer: byId.get(r.customerId)! })),
    more: rows.length > PAGE,
    page: filter.page,
  };
}

export async function countOpenAlerts(): Promise<number> {
  return prisma.alert.count({ where: { status: { in: ["new", "investigating"] } } });
}

/** One customer's alerts: all of them for staff, the notified ones for the customer. */
export async function listCustomerAlerts(scope: { customerId: string }, viewer: Viewer, opts: { limit?: number } = {}) {
  return prisma.alert.findMany({
    where: { customerId: scope.customerId, ...(viewer.staff ? {} : { status: "notified" }) },
    orderBy: [{ firstAt: "desc" }, { id: "asc" }],
    take: opts.limit ?? 500,
    include: { notification: { select: { number: true, notifiedAt: true, analysis: true } } },
  });
}

export async function getAlert(scope: { customerId: string }, id: string, viewer: Viewer) {
  if (!isUuid(id)) return null;
  const alert = await prisma.alert.findFirst({
    where: { id, customerId: scope.customerId, ...(viewer.staff ? {} : { status: "notified" }) },
    include: {
      events: { orderBy: [{ time: "asc" }, { lineNo: "asc" }] },
      notification: true,
      ...(viewer.staff ? { notes: { orderBy: { createdAt: "asc" as const } }, rule: { select: { id: true, name: true, level: true, blockedLevel: true } } } : {}),
    },
  });
  if (!alert) return null;
  if (!viewer.staff && alert.notification) {
    // What the customer was sent, without the analysts' mail bookkeeping.
    const { mailError: _e, messageId: _m, ...notification } = alert.notification;
    return { ...alert, notification: { ...notification, mailError: null, messageId: null } };
  }
  return alert;
}
export type AlertDetail = NonNullable<Awaited<ReturnType<typeof getAlert>>>;

/** Notified alerts a customer can refer to in an inquiry. */
export async function listAlertChoices(scope: { customerId: string }) {
  return prisma.alert.findMany({
    where: { customerId: scope.customerId, status: "notified" },
    orderBy: { firstAt: "desc" },
    take: 200,
    select: { id: true, eventName: true, firstAt: true, notification: { select: { number: true } } },
  });
}

export const triageInputSchema = z
  .object({
    status: z.enum(["new", "investigating", "closed"], { message: "invalid" }),
    level: z.enum(LEVELS, { message: "invalid" }),
    closeReason: z.preprocess((v) => (v === "" ? undefined : v), z.enum(CLOSE_REASONS, { message: "invalid" }).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.status === "closed" && !v.closeReason) ctx.addIssue({ code: "custom", path: ["closeReason"], message: "required" });
  });

/** Which status changes an analyst can make by hand (notified comes only from notifying). */
const TRANSITIONS: Record<AlertStatus, AlertStatus[]> = {
  new: ["new", "investigating", "closed"],
  investigating: ["investigating", "closed"],
  closed: ["closed", "investigating"],
  notified: ["notified"],
};

/** Status, level and close reason in one audited change. */
export async function triageAlert(scope: { customerId: string }, id: string, input: unknown, actor: Actor) {
  const data = parseInput(triageInputSchema, input);
  if (!isUuid(id)) throw new InputError({ id: "notFound" });
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM alerts WHERE id = ${id}::uuid AND customer_id = ${scope.customerId}::uuid FOR UPDATE`;
    if (!rows.length) throw new InputError({ id: "notFound" });
    const before = await tx.alert.findUniqueOrThrow({ where: { id } });
    const from = before.status as AlertStatus;
    if (!TRANSITIONS[from].includes(data.status)) throw new InputError({ status: "transition" });
    const closeReason = data.status === "closed" ? data.closeReason! : null;
    const after = await tx.alert.update({ where: { id }, data: { status: data.status, level: data.level, closeReason } });
    const action = before.status !== after.status ? "alert.status" : "alert.update";
    await writeAudit({ actor, action, entityType: "alert", entityId: id, customerId: scope.customerId, before: triageView(before), after: triageView(after) }, tx);
    return after;
  });
}

function triageView(a: { status: string; level: string; closeReason: string | null }) {
  return { status: a.status, level: a.level, closeReason: a.closeReason };
}

export const noteInputSchema = z.object({ body: z.string().trim().min(1, "required").max(10_000, "tooLong") });

export async function addAlertNote(scope: { customerId: string }, id: string, input: unknown, actor: Actor) {
  const { body } = parseInput(noteInputSchema, input);
  if (!isUuid(id)) throw new InputError({ id: "notFound" });
  return prisma.$transaction(async (tx) => {
    const alert = await tx.alert.findFirst({ where: { id, customerId: scope.customerId }, select: { id: true } });
    if (!alert) throw new InputError({ id: "notFound" });
    const note = await tx.alertNote.create({ data: { alertId: id, customerId: scope.customerId, authorId: actor.id, authorEmail: actor.email, body } });
    await writeAudit({ actor, action: "alert.note", entityType: "alert", entityId: id, customerId: scope.customerId, after: { body } }, tx);
    return note;
  });
}
