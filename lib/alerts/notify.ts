import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { portalUrl, sendMail, type MailResult } from "@/lib/mail/mailer";
import { isUuid } from "./alerts";
import { FUNCTION_LABEL_JA, LEVEL_LABEL, type AlertFunction, type Level } from "./constants";
import { defang, localDateTime } from "./format";
import { nextSequence, notificationNumber, periodOf } from "./numbering";

// Notifying a customer of an alert: a numbered notification (TR2112-12345-00001, gap-free per
// customer and month), the alert marked notified, then an e-mail to the customer's contacts.
// The number is committed before the mail goes out, so a failed mail never reuses a number;
// the mail's outcome is recorded and can be retried.

export const notifyInputSchema = z.object({
  analysis: z.string().trim().max(5000, "tooLong").default(""),
});

interface AlertForMail {
  id: string;
  fn: string;
  level: string;
  eventName: string;
  firstAt: Date;
  lastAt: Date;
  count: number;
  srcIp: string | null;
  dstIp: string | null;
  url: string | null;
  category: string | null;
  action: string;
  allowed: boolean;
}

export function composeNotification(
  a: AlertForMail,
  c: { name: string; slug: string; timezone: string },
  number: string,
  analysis: string,
): { subject: string; body: string } {
  const fn = FUNCTION_LABEL_JA[a.fn as AlertFunction] ?? a.fn;
  const level = LEVEL_LABEL[a.level as Level] ?? a.level;
  const first = localDateTime(a.firstAt, c.timezone);
  const last = localDateTime(a.lastAt, c.timezone);
  const lines = [
    `${c.name} 御中`,
    "",
    "セキュリティ運用監視サービスより、下記のアラートを通知いたします。",
    "",
    `報告書番号: ${number}`,
    `危険度: ${level}`,
    `対象機能: ${fn}`,
    `検知イベント: ${a.eventName}`,
    `検知日時: ${first}${last !== first ? ` ～ ${last}` : ""} (${c.timezone})`,
    `件数: ${a.count}`,
    `送信元 IP アドレス: ${a.srcIp ?? "-"}`,
    `宛先 IP アドレス: ${a.dstIp ?? "-"}`,
    ...(a.url ? [`URL: ${defang(a.url)}`] : []),
    ...(a.category && a.category !== "any" ? [`カテゴリ: ${a.category}`] : []),
    `アクション: ${a.action} (${a.allowed ? "通過" : "遮断"})`,
    "",
    ...(analysis ? ["■ 説明/分析", analysis, ""] : []),
    "詳細はポータルでご確認いただけます。",
    portalUrl(`/customers/${c.slug}/alerts/${a.id}`),
    "",
    "--",
    "Mamori セキュリティ運用監視サービス",
  ];
  // Event names come from the logs: no control characters in a header.
  const subject = `[Mamori] アラート通知 ${number} ${fn} ${level}: ${a.eventName}`.replace(/[\u0000-\u001f\u007f]+/g, " ").slice(0, 300);
  return { subject, body: lines.join("\n") };
}

async function deliver(customerId: string, notificationId: string, actor: Actor): Promise<MailResult> {
  const n = await prisma.alertNotification.findFirstOrThrow({ where: { id: notificationId, customerId } });
  const result = await sendMail({ to: n.recipients, subject: n.subject, text: n.body });
  await prisma.$transaction(async (tx) => {
    await tx.alertNotification.update({
      where: { id: n.id },
      data: {
        mailStatus: result.status,
        mailError: result.status === "failed" ? result.error : null,
        mailedAt: result.status === "sent" ? new Date() : null,
        messageId: result.status === "sent" ? result.messageId : null,
      },
    });
    await writeAudit({ actor, action: `alert.mail_${result.status}`, entityType: "alert", entityId: n.alertId, customerId, after: { number: n.number, recipients: n.recipients, ...(result.status === "failed" ? { error: result.error } : {}) } }, tx);
  });
  return result;
}

/**
 * Numbers, records and e-mails a notification. Safe under concurrent requests.
 * `opts.at` back-dates it (demo data and imports of past notifications); `opts.mail: false` records without sending.
 */
export async function notifyAlert(scope: { customerId: string }, id: string, input: unknown, actor: Actor, opts: { at?: Date; mail?: boolean } = {}) {
  const { analysis } = parseInput(notifyInputSchema, input);
  if (!isUuid(id)) throw new InputError({ id: "notFound" });
  const customer = await prisma.customer.findUniqueOrThrow({
    where: { id: scope.customerId },
    select: { code: true, name: true, slug: true, timezone: true, contactEmails: true },
  });
  const created = await prisma.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM alerts WHERE id = ${id}::uuid AND customer_id = ${scope.customerId}::uuid FOR UPDATE`;
      if (!locked.length) throw new InputError({ id: "notFound" });
      if (locked[0]!.status === "notified") throw new InputError({ id: "alreadyNotified" });
      if (locked[0]!.status === "closed") throw new InputError({ id: "alertClosed" });
      if (!customer.contactEmails.length) throw new InputError({ recipients: "noContacts" });
      const alert = await tx.alert.findUniqueOrThrow({ where: { id } });
      // Numbered after the counter row's lock is held: numbers and times go up together.
      const at = opts.at ?? new Date();
      const period = periodOf(at, customer.timezone);
      const seq = await nextSequence(tx, scope.customerId, "TR", period);
      const notifiedAt = opts.at ?? new Date();
      const number = notificationNumber(period, customer.code, seq);
      const mail = composeNotification(alert, customer, number, analysis);
      const n = await tx.alertNotification.create({
        data: {
          customerId: scope.customerId,
          alertId: id,
          number,
          period,
          seq,
          analysis,
          recipients: customer.contactEmails,
          subject: mail.subject,
          body: mail.body,
          notifiedAt,
          notifiedBy: actor.email,
        },
      });
      await tx.alert.update({ where: { id }, data: { status: "notified", closeReason: null } });
      await writeAudit(
        { actor, action: "alert.notify", entityType: "alert", entityId: id, customerId: scope.customerId, before: { status: alert.status }, after: { status: "notified", number, recipients: customer.contactEmails } },
        tx,
      );
      return n;
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
  if (opts.mail === false) {
    await prisma.alertNotification.update({ where: { id: created.id }, data: { mailStatus: "skipped" } });
    return { ...created, mailStatus: "skipped" as const };
  }
  const mail = await deliver(scope.customerId, created.id, actor);
  return { ...created, mailStatus: mail.status };
}

/** Sends a notification's e-mail again (after a failure, or once SMTP is configured). */
export async function resendNotification(scope: { customerId: string }, alertId: string, actor: Actor) {
  if (!isUuid(alertId)) throw new InputError({ id: "notFound" });
  const n = await prisma.alertNotification.findFirst({ where: { alertId, customerId: scope.customerId } });
  if (!n) throw new InputError({ id: "notFound" });
  return deliver(scope.customerId, n.id, actor);
}
