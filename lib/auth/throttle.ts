import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "./types";

// Sign-in throttling kept in PostgreSQL, so every app process (and a restart) sees the same counts.
// Only failures count: the e2e suite and busy offices sign in successfully from one address all day.

export interface ThrottleRule {
  /** failures within `windowMs` that lock the key */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
// An address is shared by an office behind NAT: more room than for one account.
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;

/** The latest time any of the keys stays locked, or null when none is locked now. */
export async function lockedUntil(keys: string[], now = new Date()): Promise<Date | null> {
  const rows = await prisma.signInThrottle.findMany({ where: { key: { in: keys }, lockedUntil: { gt: now } }, select: { lockedUntil: true } });
  const times = rows.map((r) => r.lockedUntil!.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}

/**
 * Counts one failure for the key in one atomic statement (parallel attempts cannot both slip
 * under the limit). Returns whether this failure is the one that locked the key.
 */
export async function recordFailure(key: string, rule: ThrottleRule, now = new Date()): Promise<{ failures: number; lockedUntil: Date | null; justLocked: boolean }> {
  const windowFloor = new Date(now.getTime() - rule.windowMs);
  const lockEnd = new Date(now.getTime() + rule.lockMs);
  // A new window starts when the old one is over or a lockout has run out (so each lockout is
  // crossed, and audited, exactly once: failures === maxFailures happens for one statement only).
  const rows = await prisma.$queryRaw<{ failures: number; locked_until: Date | null }[]>`
    INSERT INTO sign_in_throttle AS t (key, failures, window_start, locked_until)
    VALUES (${key}, 1, ${now}, CASE WHEN 1 >= ${rule.maxFailures} THEN ${lockEnd}::timestamptz END)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_start < ${windowFloor} OR t.locked_until <= ${now} THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.window_start < ${windowFloor} OR t.locked_until <= ${now} THEN ${now} ELSE t.window_start END,
      locked_until = CASE
        WHEN (CASE WHEN t.window_start < ${windowFloor} OR t.locked_until <= ${now} THEN 1 ELSE t.failures + 1 END) >= ${rule.maxFailures}
          THEN COALESCE(CASE WHEN t.locked_until > ${now} THEN t.locked_until END, ${lockEnd}::timestamptz)
        WHEN t.window_start < ${windowFloor} OR t.locked_until <= ${now} THEN NULL
        ELSE t.locked_until END
    RETURNING failures, locked_until`;
  const row = rows[0]!;
  return { failures: row.failures, lockedUntil: row.locked_until, justLocked: row.failures === rule.maxFailures };
}

/** A successful sign-in forgets the account's failures (never the address's: one good account must not unlock a guesser). */
export async function clearFailures(key: string): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { key } });
}

/** Operator unlock before the lockout runs out; audited. */
export async function unlockAccount(email: string, actor: Actor): Promise<void> {
  await clearFailures(accountKey(email));
  await writeAudit({ actor, action: "auth.unlock", entityType: "user", entityId: null, after: { email: email.trim().toLowerCase() } });
}
