import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { portalUrl, sendMail, type MailResult } from "@/lib/mail/mailer";
import { getBranding } from "@/lib/branding/branding";
import type { ReportRow } from "./lifecycle";

// The e-mail to a customer's contacts when a report is published: a link to the portal (the
// report itself stays behind sign-in). Sent through lib/mail (SMTP_URL); the outcome is audited.

export type PublishMailResult = MailResult & { recipients: string[] };

export function publishedMail(o: { customerName: string; month: string; version: number; documentNumber: string; providerName: string; reportTitle: string; url: string }) {
  const [y, m] = o.month.split("-");
  const subject = `【${o.reportTitle}】${y}年${Number(m)}月分を公開しました${o.version > 1 ? `（第${o.version}版）` : ""}`;
  const text = [
    `${o.customerName} 御中`,
    "",
    `いつもお世話になっております。${o.providerName}です。`,
    `${y}年${Number(m)}月分の${o.reportTitle}（文書番号：${o.documentNumber}）を公開いたしました。`,
    "下記のポータルよりご確認ください。レポート内の「確認のお願い」へのご回答もポータルから承ります。",
    "",
    o.url,
    "",
    o.providerName,
  ].join("\n");
  return { subject, text };
}

export async function notifyPublished(scope: { customerId: string }, report: ReportRow, actor: Actor): Promise<PublishMailResult> {
  const [customer, branding] = await Promise.all([
    prisma.customer.findUniqueOrThrow({ where: { id: scope.customerId }, select: { slug: true, name: true, contactEmails: true } }),
    getBranding(),
  ]);
  const recipients = customer.contactEmails;
  const mail = publishedMail({
    customerName: customer.name,
    month: report.month,
    version: report.version,
    documentNumber: report.documentNumber,
    providerName: branding.providerName,
    reportTitle: branding.reportTitle,
    url: portalUrl(`/customers/${customer.slug}/reports/${report.month}`),
  });
  const result: MailResult = recipients.length ? await sendMail({ to: recipients, subject: mail.subject, text: mail.text }) : { status: "skipped" };
  await writeAudit({ actor, action: "report.publish.mail", entityType: "report", entityId: report.id, customerId: scope.customerId, after: { recipients, ...result } });
  return { ...result, recipients };
}
