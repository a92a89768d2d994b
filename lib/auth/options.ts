import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import { verifyPassword } from "./password";
import { toSessionUser, type Role } from "./types";

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(1024) });

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "credentials",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIp(req?.headers);
        const user = await prisma.user.findUnique({ where: { email }, include: { customer: true } });
        const ok = !!user && !user.disabled && !(user.customer?.disabled ?? false) && (await verifyPassword(user.passwordHash, password));
        if (!ok || !user) {
          await writeAudit({ actor: { id: user?.id ?? null, email, ip }, action: "auth.sign_in_failed", entityType: "user", entityId: user?.id ?? null });
          return null;
        }
        await prisma.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
        await writeAudit({ actor: { id: user.id, email, ip }, action: "auth.sign_in", entityType: "user", entityId: user.id, customerId: user.customerId });
        return toSessionUser(user);
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

function clientIp(headers: Record<string, unknown> | undefined): string | null {
  const fwd = headers?.["x-forwarded-for"];
  if (typeof fwd === "string" && fwd) return fwd.split(",")[0]!.trim();
  return null;
}
