import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import { clientAddress } from "./client-address";
import { hashPassword, verifyPassword } from "./password";
import { ACCOUNT_RULE, ADDRESS_RULE, accountKey, addressKey, clearFailures, lockedUntil, recordFailure, type ThrottleRule } from "./throttle";
import { verifyTotp } from "./totp";
import { toSessionUser, type Role } from "./types";
import { SESSION_MAX_AGE_SECONDS } from "./session";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
  code: z.string().trim().max(16).optional().catch(undefined),
});

export { SESSION_MAX_AGE_SECONDS };

/**
 * What the sign-in form is told besides plain failure (next-auth passes a thrown Error's message
 * to the client as `error`). A wrong password and an unknown account look the same.
 */
export const SIGN_IN_ERRORS = { failed: "CredentialsSignin", locked: "locked", codeRequired: "totp_required", codeInvalid: "totp_invalid" } as const;

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "credentials",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        code: { label: "Code", type: "text" },
      },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        try {
          return toSessionUser(await checkSignIn({ ...parsed.data, ip: clientAddress(req?.headers) }));
        } catch (err) {
          // next-auth hands a thrown message to the browser: only our codes go out, never a database error.
          if (err instanceof Error && (Object.values(SIGN_IN_ERRORS) as string[]).includes(err.message)) throw err;
          // The password never reaches a query, so the first line of the error carries no secret.
          console.error("sign-in failed unexpectedly:", err instanceof Error ? err.message.split("\n")[0] : "unknown");
          throw new Error(SIGN_IN_ERRORS.failed);
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const u = user as unknown as { id: string; role: Role; customerId: string | null; customerSlug: string | null; locale: "ja" | "en" };
        token.uid = u.id;
        token.role = u.role;
        token.customerId = u.customerId;
        token.customerSlug = u.customerSlug;
        token.locale = u.locale;
        token.issuedAt = Date.now();
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, uid: token.uid, role: token.role, customerId: token.customerId, customerSlug: token.customerSlug, locale: token.locale, issuedAt: token.issuedAt };
    },
  },
};

/**
 * The whole sign-in decision, outside next-auth so tests call it directly: lockout first (no
 * password check while locked), then password, then the TOTP code when the user has two-factor.
 * Every failure counts against the account and the address; the failure that crosses the limit
 * locks them and is audited as auth.lockout. Refusals throw Error(SIGN_IN_ERRORS.*).
 */
export async function checkSignIn(input: { email: string; password: string; code?: string; ip: string | null }) {
  const { email, password, code, ip } = input;
  const keys: [string, ThrottleRule][] = [[accountKey(email), ACCOUNT_RULE]];
  if (ip) keys.push([addressKey(ip), ADDRESS_RULE]);
  const audit = (action: string, userId: string | null, after?: unknown, customerId?: string | null) =>
    writeAudit({ actor: { id: userId, email, ip }, action, entityType: "user", entityId: userId, customerId: customerId ?? null, after });

  const user = await prisma.user.findUnique({ where: { email }, include: { customer: true } });
  if (await lockedUntil(keys.map(([k]) => k))) {
    await audit("auth.sign_in_failed", user?.id ?? null, { reason: "locked" }, user?.customerId);
    throw new Error(SIGN_IN_ERRORS.locked);
  }
  const fail = async (reason: string, message?: string): Promise<never> => {
    await audit("auth.sign_in_failed", user?.id ?? null, { reason }, user?.customerId);
    let locked = false;
    for (const [key, rule] of keys) {
      const r = await recordFailure(key, rule);
      if (r.justLocked) await audit("auth.lockout", user?.id ?? null, { key: key.split(":")[0], failures: r.failures, until: r.lockedUntil }, user?.customerId);
      if (r.lockedUntil && r.lockedUntil > new Date()) locked = true;
    }
    throw new Error(locked ? SIGN_IN_ERRORS.locked : (message ?? SIGN_IN_ERRORS.failed));
  };

  // Unknown accounts cost an argon2 verification too, so timing does not tell which addresses exist.
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  const ok = !!user && !user.disabled && !(user.customer?.disabled ?? false) && passwordOk && !!user.passwordHash;
  if (!ok || !user) return fail("password");
  if (user.totpSecret) {
    // Password right, code missing: ask for it without counting a failure (the form shows the field).
    if (!code) throw new Error(SIGN_IN_ERRORS.codeRequired);
    if (!verifyTotp(user.totpSecret, code)) return fail("totp", SIGN_IN_ERRORS.codeInvalid);
  }
  await clearFailures(accountKey(email));
  await prisma.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await audit("auth.sign_in", user.id, { twoFactor: !!user.totpSecret }, user.customerId);
  return user;
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`dummy-${Math.random()}`);
  return dummy;
}

