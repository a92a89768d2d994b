import { z } from "zod";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { portalUrl, sendMail } from "@/lib/mail/mailer";
import { inquiryNumber, nextSequence, periodOf } from "@/lib/alerts/numbering";
import { isUuid } from "@/lib/alerts/alerts";

// Inquiries (問合せ): a customer asks, the SOC answers, both read the thread. Numbered
// CN<YYMM><3 digits> per customer and month with the same gap-free counter as notifications.
// Statuses: open (未対応), in_progress (対応中), done (対応済み). The customer is e-mailed when
// the SOC answers.

export const INQUIRY_STATUSES = ["open", "in_progress", "done"] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

const optionalId = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().regex(/^[0-9a-f-]{36}$/i, "invalid").optional());

export const inquiryInputSchema = z.object({
  subject: z.string().trim().min(1, "required").max(200, "tooLong"),
  body: z.string().trim().min(1, "required").max(10_000, "tooLong"),
  alertId: optionalId,
});

export const replyInputSchema = z.object({
  body: z.string().trim().min(1, "required").max(10_000, "tooLong"),
  /** staff only: the status after this answer (default: done) */
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(INQUIRY_STATUSES, { message: "invalid" }).optional()),
});

/** `opts.at` back-dates the inquiry (demo data, imports of past inquiries). */
export async function createInquiry(scope: { customerId: string }, input: unknown, actor: Actor, opts: { at?: Date } = {}) {
  const data = parseInput(inquiryInputSchema, input);
  if (data.alertId) {
    // Only an alert this customer was notified of can be referred to.
    const alert = await prisma.alert.findFirst({ where: { id: data.alertId, customerId: scope.customerId, status: "notified" }, select: { id: true } });
    if (!alert) throw new InputError({ alertId: "notFound" });
  }
  const customer = await prisma.customer.findUniqueOrThrow({ where: { id: scope.customerId }, select: { timezone: true } });
  return prisma.$transaction(
    async (tx) => {
      const period = periodOf(opts.at ?? new Date(), customer.timezone);
      const seq = await nextSequence(tx, scope.customerId, "CN", period);
      const inquiry = await tx.inquiry.create({
        data: {
          customerId: scope.customerId,
          number: inquiryNumber(period, seq),
          subject: data.subject,
          body: data.body,
          alertId: data.alertId ?? null,
          createdById: actor.id,
          createdByEmail: actor.email,
          ...(opts.at ? { createdAt: opts.at } : {}),
        },
      });
      await writeAudit({ actor, action: "inquiry.create", entityType: "inquiry", entityId: inquiry.id, customerId: scope.customerId, after: inquiry }, tx);
      return inquiry;
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
}

const listSelect = {
  id: true,
  number: true,
  subject: true,
  body: true,
  status: true,
  alertId: true,
  createdByEmail: true,
  createdAt: true,
  answeredAt: true,
  updatedAt: true,
  _count: { select: { messages: true } },
} satisfies Prisma.InquirySelect;

export async function listInquiries(scope: { customerId: string }) {
  return prisma.inquiry.findMany({ where: { customerId: scope.customerId }, orderBy: { createdAt: "desc" }, take: 500, select: listSelect });
}

export const inquiryFilterSchema = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (v === "all" ? "all" : v && (INQUIRY_STATUSES as readonly string[]).includes(v) ? (v as InquiryStatus) : "unanswered")),
});

/** Staff queue across customers (callers check the role). */
export async function listInquiryQueue(filter: z.infer<typeof inquiryFilterSchema>) {
  const where: Prisma.InquiryWhereInput =
    filter.status === "all" ? {} : filter.status === "unanswered" ? { status: { in: ["open", "in_progress"] } } : { status: filter.status };
  const rows = await prisma.inquiry.findMany({ where, orderBy: { createdAt: "desc" }, take: 200, select: { ...listSelect, customerId: true } });
  const customers = await prisma.customer.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.customerId))] } }, select: { id: true, slug: true, name: true, timezone: true } });
  const byId = new Map(customers.map((c) => [c.id, c]));
  return rows.map((r) => ({ ...r, customer: byId.get(r.customerId)! }));
}

export async function getInquiry(scope: { customerId: string }, id: string) {
  if (!isUuid(id)) return null;
  const inquiry = await prisma.inquiry.findFirst({
    where: { id, customerId: scope.customerId },
    include: { messages: { orderBy: { createdAt: "asc" }, select: { id: true, authorEmail: true, fromStaff: true, body: true, createdAt: true } } },
  });
  if (!inquiry) return null;
  const alert = inquiry.alertId
    ? await prisma.alert.findFirst({ where: { id: inquiry.alertId, customerId: scope.customerId }, select: { id: true, eventName: true, firstAt: true, notification: { select: { number: true } } } })
    : null;
  return { ...inquiry, alert };
}
export type InquiryDetail = NonNullable<Awaited<ReturnType<typeof getInquiry>>>;

/** A message in the thread. From staff it is an answer: the status moves (default done) and the customer is e-mailed. */
export async function replyToInquiry(scope: { customerId: string }, id: string, input: unknown, actor: Actor, viewer: { staff: boolean }, opts: { at?: Date; mail?: boolean } = {}) {
  const data = parseInput(replyInputSchema, input);
  if (!isUuid(id)) throw new InputError({ id: "notFound" });
  const result = await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM inquiries WHERE id = ${id}::uuid AND customer_id = ${scope.customerId}::uuid FOR UPDATE`;
    if (!rows.length) throw new InputError({ id: "notFound" });
    const before = await tx.inquiry.findUniqueOrThrow({ where: { id } });
    const status: InquiryStatus = viewer.staff ? (data.status ?? "done") : "open";
    const message = await tx.inquiryMessage.create({
      data: {
        inquiryId: id,
        customerId: scope.customerId,
        authorId: actor.id,
        authorEmail: actor.email,
        fromStaff: viewer.staff,
        body: data.body,
        mailStatus: viewer.staff ? (opts.mail === false ? "skipped" : "pending") : null,
        ...(opts.at ? { createdAt: opts.at } : {}),
      },
    });
    const after = await tx.inquiry.update({
      where: { id },
      data: { status, ...(viewer.staff && !before.answeredAt ? { answeredAt: message.createdAt } : {}) },
    });
    await writeAudit(
      {
        actor,
        action: viewer.staff ? "inquiry.answer" : "inquiry.reply",
        entityType: "inquiry",
        entityId: id,
        customerId: scope.customerId,
        before: { status: before.status },
        after: { status: after.status, body: data.body },
      },
      tx,
    );
    return { inquiry: after, message };
  });
  if (viewer.staff && opts.mail !== false) {
    const customer = await prisma.customer.findUniqueOrThrow({ where: { id: scope.customerId }, select: { name: true, slug: true, contactEmails: true } });
    const to = [...new Set([result.inquiry.createdByEmail, ...customer.contactEmails].filter((e) => e.includes("@")))];
    const mail = await sendMail({
      to,
      subject: `[Mamori] 問合せ ${result.inquiry.number} への回答: ${result.inquiry.subject}`.replace(/[\u0000-\u001f\u007f]+/g, " "),
      text: [
        `${customer.name} 御中`,
        "",
        `お問い合わせ ${result.inquiry.number}「${result.inquiry.subject}」に回答いたしました。`,
        "",
        "■ 回答",
        data.body,
        "",
        "これまでのやり取りはポータルでご確認いただけます。",
        portalUrl(`/customers/${customer.slug}/inquiries/${id}`),
        "",
        "--",
        "Mamori セキュリティ運用監視サービス",
      ].join("\n"),
    });
    await prisma.inquiryMessage.update({ where: { id: result.message.id }, data: { mailStatus: mail.status } });
  }
  return result;
}

/** Inquiries a work item can refer to. */
export async function listInquiryChoices(scope: { customerId: string }) {
  return prisma.inquiry.findMany({ where: { customerId: scope.customerId }, orderBy: { createdAt: "desc" }, take: 200, select: { id: true, number: true, subject: true } });
}
