import { prisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/types";
import { ensureDraft, currentMonth } from "./lifecycle";
import { previousMonth } from "./month";

// The scheduled job: once a month has closed in a customer's time zone, that customer gets a
// draft of its report (idempotent: a month that already has a report is left alone). Run it
// from cron as often as you like (`soc report schedule`, e.g. hourly): each customer's month
// closes at its own midnight.

export const SCHEDULE_ACTOR: Actor = { id: null, email: "schedule" };

export interface ScheduleResult {
  created: { customer: string; month: string; reportId: string }[];
  existing: { customer: string; month: string }[];
}

export async function scheduleDrafts(opts: { now?: Date; month?: string } = {}): Promise<ScheduleResult> {
  const now = opts.now ?? new Date();
  const customers = await prisma.customer.findMany({ where: { disabled: false }, select: { id: true, slug: true, timezone: true }, orderBy: { slug: "asc" } });
  const out: ScheduleResult = { created: [], existing: [] };
  for (const c of customers) {
    const month = opts.month ?? previousMonth(currentMonth(c.timezone, now));
    const r = await ensureDraft({ customerId: c.id }, month, SCHEDULE_ACTOR, { now });
    if (r.created) out.created.push({ customer: c.slug, month, reportId: r.report.id });
    else out.existing.push({ customer: c.slug, month });
  }
  return out;
}
