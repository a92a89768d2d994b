import QRCode from "qrcode";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import { generateTotpSecret, isValidTotpSecret, totpUri, verifyTotp } from "@/lib/auth/totp";
import type { Actor } from "@/lib/auth/types";
import { InputError } from "@/lib/validation";

// TOTP enrolment: the user (settings page), an operator (CLI) and the admin reset.
// Secrets never reach the audit log or stdout except where the operator asked for them (CLI enrol).

export interface TotpEnrolment {
  secret: string;
  uri: string;
  /** SVG QR code of the URI, rendered on the server (no third-party QR service sees the secret). */
  qrSvg: string;
}

async function enrolmentFor(secret: string, email: string): Promise<TotpEnrolment> {
  const uri = totpUri(secret, email);
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1, width: 200 }) };
}

export async function twoFactorStatus(userId: string): Promise<{ enabled: boolean; enabledAt: Date | null }> {
  const u = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true, totpEnabledAt: true } });
  return { enabled: !!u.totpSecret, enabledAt: u.totpEnabledAt };
}

/** Starts (or resumes) enrolment: a pending secret that only a valid code turns on. */
export async function beginTotpEnrolment(userId: string): Promise<TotpEnrolment> {
  const u = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, totpPendingSecret: true } });
  let secret = u.totpPendingSecret;
  if (!secret) {
    secret = generateTotpSecret();
    await prisma.user.update({ where: { id: userId }, data: { totpPendingSecret: secret } });
  }
  return enrolmentFor(secret, u.email);
}

/** The first valid code proves the app holds the secret; only then is two-factor on. */
export async function confirmTotpEnrolment(userId: string, code: string, actor: Actor): Promise<void> {
  const u = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { totpPendingSecret: true, customerId: true } });
  if (!u.totpPendingSecret || !verifyTotp(u.totpPendingSecret, code)) throw new InputError({ code: "totpInvalid" });
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { totpSecret: u.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: new Date() } });
    await writeAudit({ actor, action: "user.totp_enrol", entityType: "user", entityId: userId, customerId: u.customerId, after: { by: "user" } }, tx);
  });
}

/** Operator enrolment (CLI): sets the secret directly (given, or new) and returns what the user's app needs. */
export async function enrolTotpForUser(email: string, secret: string | undefined, actor: Actor): Promise<{ email: string; secret: string; uri: string }> {
  const s = (secret ?? generateTotpSecret()).replace(/\s+/g, "").toUpperCase();
  if (!isValidTotpSecret(s)) throw new InputError({ secret: "invalid" });
  const u = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true, customerId: true } });
  if (!u) throw new InputError({ email: "notFound" });
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: u.id }, data: { totpSecret: s, totpPendingSecret: null, totpEnabledAt: new Date() } });
    await writeAudit({ actor, action: "user.totp_enrol", entityType: "user", entityId: u.id, customerId: u.customerId, after: { by: "operator" } }, tx);
  });
  return { email: u.email, secret: s, uri: totpUri(s, u.email) };
}

/**
 * Recovery when a phone is lost: an admin turns two-factor off. Staff must enrol again at their
 * next sign-in (the guard sends them to the enrolment page); customers may.
 */
export async function resetTotp(userId: string, actor: Actor): Promise<void> {
  const u = await prisma.user.findUnique({ where: { id: userId }, select: { customerId: true, totpSecret: true } });
  if (!u) throw new InputError({ id: "notFound" });
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null } });
    await writeAudit({ actor, action: "user.totp_reset", entityType: "user", entityId: userId, customerId: u.customerId, before: { enabled: !!u.totpSecret }, after: { enabled: false } }, tx);
  });
}
