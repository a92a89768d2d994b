import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { makeLocalTimeConverter } from "@/lib/ingest/panos/time";
import { nextMonth } from "@/lib/reports/month";
import { isUuid } from "@/lib/alerts/alerts";
import { localDateTime } from "@/lib/alerts/format";

// Outages of the monitoring service (not of the customer's network): start, end, cause. A month's
// availability (稼働率) and downtime hours come from them; overlapping outages count once.
// An outage without a customer affected every customer.

/** Zone in which times of service-wide outages are typed (customer outages use the customer's). */
export const SERVICE_TIMEZONE = process.env.MAMORI_SERVICE_TIMEZONE || "Asia/Tokyo";
export const NO_OUTAGE_NOTE = "障害は発生していません";

const localTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/, "invalid");

export const outageInputSchema = z.object({
  customerSlug: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().optional()),
  startAt: localTime,
  endAt: z.preprocess((v) => (v === "" ? undefined : v), localTime.optional()),
  cause: z.string().trim().min(1, "required").max(2000, "tooLong"),
  note: z.string().trim().max(2000, "tooLong").default(""),
});

function toUtc(local: string, timezone: string, field: string): Date {
  const s = local.replace("T", " ");
  const d = makeLocalTimeConverter(timezone)(s.length === 16 ? `${s}:00` : s);
  if (!d) throw new InputError({ [field]: "invalid" });
  return d;
}

async function resolve(input: unknown) {
  const data = parseInput(outageInputSchema, input);
  let customerId: string | null = null;
  let timezone = SERVICE_TIMEZONE;
  if (data.customerSlug) {
    const c = await prisma.customer.findUnique({ where: { slug: data.customerSlug }, select: { id: true, timezone: true } });
    if (!c) throw new InputError({ customerSlug: "unknownCustomer" });
    customerId = c.id;
    timezone = c.timezone;
  }
  const startAt = toUtc(data.startAt, timezone, "startAt");
  const endAt = data.endAt ? toUtc(data.endAt, timezone, "endAt") : null;
  if (endAt && endAt < startAt) throw new InputError({ endAt: "endBeforeStart" });
  return { customerId, startAt, endAt, cause: data.cause, note: data.note };
}

/** Staff list of outages, newest first, times shown in each outage's zone. */
export async function listOutages() {
  const rows = await prisma.serviceOutage.findMany({ orderBy: { startAt: "desc" }, take: 500 });
  const customers = await prisma.customer.findMany({ where: { id: { in: rows.map((r) => r.customerId).filter((x): x is string => !!x) } }, select: { id: true, slug: true, timezone: true } });
  const byId = new Map(customers.map((c) => [c.id, c]));
  return rows.map((r) => {
    const c = r.customerId ? byId.get(r.customerId) : undefined;
    const tz = c?.timezone ?? SERVICE_TIMEZONE;
    return { ...r, customerSlug: c?.slug ?? null, timezone: tz, start: localDateTime(r.startAt, tz, { seconds: false }), end: r.endAt ? localDateTime(r.endAt, tz, { seconds: false }) : null };
  });
}

export async function getOutage(id: string) {
  if (!isUuid(id)) return null;
  return (await listOutages()).find((o) => o.id === id) ?? null;
}

export async function createOutage(input: unknown, actor: Actor) {
  const data = await resolve(input);
  return prisma.$transaction(async (tx) => {
    const outage = await tx.serviceOutage.create({ data: { ...data, createdById: actor.id } });
    await writeAudit({ actor, action: "outage.create", entityType: "outage", entityId: outage.id, customerId: data.customerId, after: outage }, tx);
    return outage;
  });
}

export async function updateOutage(id: string, input: unknown, actor: Actor) {
  const data = await resolve(input);
  if (!isUuid(id)) throw new InputError({ id: "notFound" });
  return prisma.$transaction(async (tx) => {
    const before = await tx.serviceOutage.findUnique({ where: { id } });
    if (!before) throw new InputError({ id: "notFound" });
    const after = await tx.serviceOutage.update({ where: { id }, data });
    await writeAudit({ actor, action: "outage.update", entityType: "outage", entityId: id, customerId: after.customerId ?? before.customerId, before, after }, tx);
    return after;
  });
}

export interface Availability {
  /** percent, 2 decimals (99.87); 100 when there was no outage */
  availability: number;
  downtimeHours: number;
  note: string;
  outages: { start: string; end: string | null; hours: number; cause: string }[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Availability of the monitoring service for one customer's month (in the customer's zone). */
export async function availabilityFor(scope: { customerId: string }, month: string, timezone: string, now = new Date()): Promise<Availability> {
  const conv = makeLocalTimeConverter(timezone);
  const from = conv(`${month}-01 00:00:00`)!;
  const to = conv(`${nextMonth(month)}-01 00:00:00`)!;
  const rows = await prisma.serviceOutage.findMany({
    where: { OR: [{ customerId: null }, { customerId: scope.customerId }], startAt: { lt: to }, AND: [{ OR: [{ endAt: null }, { endAt: { gt: from } }] }] },
    orderBy: { startAt: "asc" },
  });
  const horizon = Math.min(to.getTime(), Math.max(from.getTime(), now.getTime()));
  const spans = rows
    .map((r) => [Math.max(r.startAt.getTime(), from.getTime()), Math.min(r.endAt?.getTime() ?? horizon, to.getTime())] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let down = 0;
  let curA = -1;
  let curB = -1;
  for (const [a, b] of spans) {
    if (a > curB) {
      if (curB > curA) down += curB - curA;
      curA = a;
      curB = b;
    } else if (b > curB) curB = b;
  }
  if (curB > curA) down += curB - curA;
  const total = to.getTime() - from.getTime();
  const outages = rows.map((r) => ({
    start: localDateTime(r.startAt, timezone, { seconds: false }),
    end: r.endAt ? localDateTime(r.endAt, timezone, { seconds: false }) : null,
    hours: round2((Math.min(r.endAt?.getTime() ?? horizon, to.getTime()) - Math.max(r.startAt.getTime(), from.getTime())) / 3_600_000),
    cause: r.cause,
  }));
  return {
    availability: round2((100 * (total - down)) / total),
    downtimeHours: round2(down / 3_600_000),
    note: outages.length ? outages.map((o) => o.cause).join(" / ") : NO_OUTAGE_NOTE,
    outages,
  };
}
