import { describe, expect, it } from "vitest";
import { uniq } from "@/lib/testing/helpers";
import { ACCOUNT_RULE, accountKey, clearFailures, lockedUntil, recordFailure } from "./throttle";

describe("sign-in throttle (PostgreSQL)", () => {
  const rule = { maxFailures: 3, windowMs: 60_000, lockMs: 120_000 };

  it("locks a key at the limit, once, for the lock time", async () => {
    const key = accountKey(`${uniq("t")}@example.jp`);
    const t = new Date("2026-11-27T10:00:00Z");
    expect((await recordFailure(key, rule, t)).justLocked).toBe(false);
    expect((await recordFailure(key, rule, new Date(t.getTime() + 1000))).justLocked).toBe(false);
    expect(await lockedUntil([key], t)).toBeNull();
    const third = await recordFailure(key, rule, new Date(t.getTime() + 2000));
    expect(third).toMatchObject({ failures: 3, justLocked: true });
    expect(third.lockedUntil?.toISOString()).toBe("2026-11-27T10:02:02.000Z");
    expect(await lockedUntil([key, "ip:192.0.2.1"], new Date(t.getTime() + 60_000))).toEqual(third.lockedUntil);
    expect(await lockedUntil([key], new Date(t.getTime() + 122_001))).toBeNull();
    // After the lockout the count starts again, and the next lockout is reported again.
    const after = new Date(t.getTime() + 130_000);
    expect(await recordFailure(key, rule, after)).toMatchObject({ failures: 1, lockedUntil: null, justLocked: false });
    await recordFailure(key, rule, after);
    expect((await recordFailure(key, rule, after)).justLocked).toBe(true);
  });

  it("forgets failures older than the window, and on clear", async () => {
    const key = accountKey(`${uniq("w")}@example.jp`);
    const t = new Date("2026-11-27T10:00:00Z");
    await recordFailure(key, rule, t);
    await recordFailure(key, rule, new Date(t.getTime() + 1000));
    const later = await recordFailure(key, rule, new Date(t.getTime() + 61_000));
    expect(later).toMatchObject({ failures: 1, justLocked: false });
    await recordFailure(key, rule, new Date(t.getTime() + 62_000));
    await clearFailures(key);
    expect((await recordFailure(key, rule, new Date(t.getTime() + 63_000))).failures).toBe(1);
  });

  it("counts parallel failures exactly (one statement per failure, no lost update)", async () => {
    const key = accountKey(`${uniq("p")}@example.jp`);
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 12 }, () => recordFailure(key, ACCOUNT_RULE, now)));
    expect(results.map((r) => r.failures).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(results.filter((r) => r.justLocked)).toHaveLength(1);
    expect(await lockedUntil([key])).not.toBeNull();
  });
});
