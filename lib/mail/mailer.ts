import nodemailer, { type Transporter } from "nodemailer";

// Outgoing e-mail over SMTP. SMTP_URL (smtp://user:pass@host:587, smtps://… for implicit TLS)
// selects the server; MAMORI_MAIL_FROM the sender. Without SMTP_URL nothing is sent and the
// caller records the message as skipped.

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
}

export type MailResult = { status: "sent"; messageId: string } | { status: "skipped" } | { status: "failed"; error: string };

let cached: { url: string; transport: Transporter } | null = null;

function transport(url: string): Transporter {
  if (cached?.url !== url) cached = { url, transport: nodemailer.createTransport(url) };
  return cached.transport;
}

export function mailFrom(): string {
  return process.env.MAMORI_MAIL_FROM || "Mamori SOC <soc@mamori.invalid>";
}

export function mailConfigured(): boolean {
  return !!process.env.SMTP_URL;
}

/** Never throws: a mail server that is down must not undo the work that triggered the message. */
export async function sendMail(mail: OutgoingMail): Promise<MailResult> {
  const url = process.env.SMTP_URL;
  if (!url) return { status: "skipped" };
  if (!mail.to.length) return { status: "failed", error: "no recipients" };
  try {
    const info = await transport(url).sendMail({
      from: mailFrom(),
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      textEncoding: "base64",
    });
    return { status: "sent", messageId: String(info.messageId ?? "") };
  } catch (err) {
    return { status: "failed", error: String((err as Error).message ?? err).slice(0, 500) };
  }
}

/** The public URL of the portal, for links in messages. */
export function portalUrl(path: string): string {
  const base = (process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
  return base + path;
}
