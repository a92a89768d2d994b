import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { isUuid } from "@/lib/alerts/alerts";

// Work items (作業): what the SOC did for a customer, e.g. "block two sites on the device",
// optionally tied to the inquiry or alert that asked for it.

export const WORK_STATUSES = ["open", "in_progress", "done"] as const;

const optionalId = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().regex(/^[0-9a-f-]{36}$/i, "invalid").optional());

export const workInputSchema = z.object({
  date: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid")
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "invalid"),
  content: z.string().trim().min(1, "required").max(2000, "tooLong"),
  status: z.enum(WORK_STATUSES, { message: "invalid" }).default("done"),
  inquiryId: optionalId,
  alertId: optionalId,
});

async function checkLinks(scope: { customerId: string }, data: { inquiryId?: string; alertId?: string }) {
  if (data.inquiryId && !(await prisma.inquiry.findFirst({ where: { id: data.inquiryId, customerId: scope.customerId }, select: { id: true } }))) {
    throw new InputError({ inquiryId: "notFound" });
  }
  if (data.alertId && !(await prisma.alert.findFirst({ where: { id: data.alertId, customerId: scope.customerId }, select: { id: true } }))) {
    throw new InputError({ alertId: "notFound" });
  }
}

export async function listWorkItems(scope: { customerId: string }) {
  const items = await prisma.workItem.findMany({ where: { customerId: scope.customerId }, orderBy: [{ date: "desc" }, { createdAt: "desc" }], take: 500 });
  const inquiryIds = items.map((i) => i.inquiryId).filter((x): x is string => !!x);
  const inquiries = inquiryIds.length
    ? await prisma.inquiry.findMany({ where: { customerId: scope.customerId, id: { in: inquiryIds } }, select: { id: true, number: true } })
    : [];
  const numberOf = new Map(inquiries.map((i) => [i.id, i.number]));
  return items.map((i) => ({ ...i, date: i.date.toISOString().slice(0, 10), inquiryNumber: i.inquiryId ? (numberOf.get(i.inquiryId) ?? null) : null }));
}

export async function getWorkItem(scope: { customerId: string }, id: string) {
  if (!isUuid(id)) return null;
  return prisma.workItem.findFirst({ where: { id, customerId: scope.customerId } });
}

export async function createWorkItem(scope: { customerId: string }, input: unknown, actor: Actor) {
  const data = parseInput(workInputSchema, input);
  await checkLinks(scope, data);
  return prisma.$transaction(async (tx) => {
    const item = await tx.workItem.create({
      data: { customerId: scope.customerId, date: new Date(`${data.date}T00:00:00Z`), content: data.content, status: data.status, inquiryId: data.inquiryId ?? null, alertId: data.alertId ?? null, createdById: actor.id },
    });
    await writeAudit({ actor, action: "work.create", entityType: "work_item", entityId: item.id, customerId: scope.customerId, after: item }, tx);
    return item;
  });
}

export async function updateWorkItem(scope: { customerId: string }, id: string, input: unknown, actor: Actor) {
  const data = parseInput(workInputSchema, input);
  if (!isUuid(id)) throw new InputError({ id: "notFound" });
  await checkLinks(scope, data);
  return prisma.$transaction(async (tx) => {
    const before = await tx.workItem.findFirst({ where: { id, customerId: scope.customerId } });
    if (!before) throw new InputError({ id: "notFound" });
    const after = await tx.workItem.update({
      where: { id },
      data: { date: new Date(`${data.date}T00:00:00Z`), content: data.content, status: data.status, inquiryId: data.inquiryId ?? null, alertId: data.alertId ?? null },
    });
    await writeAudit({ actor, action: "work.update", entityType: "work_item", entityId: id, customerId: scope.customerId, before, after }, tx);
    return after;
  });
}
