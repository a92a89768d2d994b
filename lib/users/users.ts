import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { passwordProblem } from "@/lib/auth/password-policy";
import { ACCOUNT_RULE, accountKey, recordFailure } from "@/lib/auth/throttle";
import { newUserSchema, passwordSchema, userUpdateSchema } from "./schema";

const publicFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  customerId: true,
  locale: true,
  disabled: true,
  lastSignInAt: true,
  totpEnabledAt: true,
  createdAt: true,
  customer: { select: { slug: true, name: true } },
} as const;

export async function listUsers() {
  return prisma.user.findMany({ orderBy: [{ role: "asc" }, { email: "asc" }], select: publicFields });
}

export async function getUserById(id: string) {
  return prisma.user.findUnique({ where: { id }, select: publicFields });
}

/** Staff have no customer; a customer user has exactly one. */
async function customerIdFor(role: string, customerSlug: string | undefined): Promise<string | null> {
  if (role !== "customer") {
    if (customerSlug) throw new InputError({ customerSlug: "customerForbidden" });
    return null;
  }
  if (!customerSlug) throw new InputError({ customerSlug: "customerRequired" });
  const customer = await prisma.customer.findUnique({ where: { slug: customerSlug } });
  if (!customer) throw new InputError({ customerSlug: "unknownCustomer" });
  return customer.id;
}

export async function createUser(input: unknown, actor: Actor) {
  const { password, customerSlug, ...data } = parseInput(newUserSchema, input);
  const customerId = await customerIdFor(data.role, customerSlug);
  if (await prisma.user.findUnique({ where: { email: data.email } })) throw new InputError({ email: "emailTaken" });
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { ...data, customerId, passwordHash }, select: publicFields });
    await writeAudit({ actor, action: "user.create", entityType: "user", entityId: user.id, customerId, after: user }, tx);
    return user;
  });
}

export async function updateUser(id: string, input: unknown, actor: Actor) {
  const { customerSlug, ...data } = parseInput(userUpdateSchema, input);
  const customerId = await customerIdFor(data.role, customerSlug);
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: publicFields });
    if (!before) throw new InputError({ id: "notFound" });
    const after = await tx.user.update({ where: { id }, data: { ...data, customerId }, select: publicFields });
    const action = before.role !== after.role ? "user.role_change" : "user.update";
    await writeAudit({ actor, action, entityType: "user", entityId: id, customerId: customerId ?? before.customerId, before, after }, tx);
    return after;
  });
}

/** Sets a new password; sessions issued before it stop working (see lib/auth/guard). */
export async function resetPassword(id: string, password: string, actor: Actor) {
  const pw = parseInput(passwordSchema, password);
  const current = await prisma.user.findUnique({ where: { id }, select: { email: true } });
  if (!current) throw new InputError({ id: "notFound" });
  const problem = passwordProblem(pw, current.email);
  if (problem) throw new InputError({ password: problem });
  const passwordHash = await hashPassword(pw);
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id }, data: { passwordHash, passwordChangedAt: new Date() }, select: publicFields });
    await writeAudit({ actor, action: "user.password_reset", entityType: "user", entityId: id, customerId: user.customerId }, tx);
    return user;
  });
}

/**
 * A user changes their own password: the current one first, then the policy. Every session,
 * this one included, ends (lib/auth/guard compares passwordChangedAt with the sign-in time).
 */
export async function changeOwnPassword(id: string, input: { current: string; password: string; confirm: string }, actor: Actor) {
  const user = await prisma.user.findUnique({ where: { id }, select: { email: true, passwordHash: true, customerId: true } });
  if (!user) throw new InputError({ id: "notFound" });
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    // A stolen session must not become a free password-guessing oracle: count it like a failed sign-in.
    await recordFailure(accountKey(user.email), ACCOUNT_RULE);
    throw new InputError({ current: "passwordWrong" });
  }
  const problem = passwordProblem(input.password, user.email);
  if (problem) throw new InputError({ password: problem });
  if (input.password !== input.confirm) throw new InputError({ confirm: "passwordMismatch" });
  if (input.password === input.current) throw new InputError({ password: "passwordSame" });
  const passwordHash = await hashPassword(input.password);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { passwordHash, passwordChangedAt: new Date() } });
    await writeAudit({ actor, action: "user.password_change", entityType: "user", entityId: id, customerId: user.customerId }, tx);
  });
}

export async function setUserLocale(id: string, locale: "ja" | "en") {
  await prisma.user.update({ where: { id }, data: { locale } });
}
