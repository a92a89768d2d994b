import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { uniq } from "@/lib/testing/helpers";
import { createUser } from "@/lib/users/users";
import { enrolTotpForUser } from "@/lib/users/two-factor";
import { ACCOUNT_RULE } from "./throttle";
import { SIGN_IN_ERRORS, authOptions, checkSignIn } from "./options";
import { currentTotp } from "./totp";

const PASSWORD = "long enough password";

async function user(role: "admin" | "analyst" = "analyst") {
  const email = `${uniq("s")}@example.jp`;
  const u = await createUser({ email, role, password: PASSWORD }, CLI_ACTOR);
  return { id: u.id, email };
}

const auditOf = (userId: string) => prisma.auditLog.findMany({ where: { entityId: userId }, orderBy: { id: "asc" } });

describe("sign-in (checkSignIn)", () => {
  it("audits a success with the address and a failure with the reason, never the password", async () => {
    const u = await user();
    await expect(checkSignIn({ email: u.email, password: "wrong password!", ip: "192.0.2.10" })).rejects.toThrow(SIGN_IN_ERRORS.failed);
    const ok = await checkSignIn({ email: u.email, password: PASSWORD, ip: "192.0.2.10" });
    expect(ok.id).toBe(u.id);
    const rows = (await auditOf(u.id)).filter((r) => r.action.startsWith("auth."));
    expect(rows.map((r) => [r.action, r.ip, r.actorEmail])).toEqual([
      ["auth.sign_in_failed", "192.0.2.10", u.email],
      ["auth.sign_in", "192.0.2.10", u.email],
    ]);
    expect(rows[0]!.after).toEqual({ reason: "password" });
    expect(JSON.stringify(rows.map((r) => ({ ...r, id: String(r.id) })))).not.toContain("wrong password");
  });

  it("locks the account after repeated failures: audited once, even the right password is refused, unknown accounts too", async () => {
    const u = await user();
    for (let i = 1; i < ACCOUNT_RULE.maxFailures; i++) {
      await expect(checkSignIn({ email: u.email, password: `wrong-${i}-password`, ip: null })).rejects.toThrow(SIGN_IN_ERRORS.failed);
    }
    await expect(checkSignIn({ email: u.email, password: "wrong-last-password", ip: null })).rejects.toThrow(SIGN_IN_ERRORS.locked);
    await expect(checkSignIn({ email: u.email, password: PASSWORD, ip: null })).rejects.toThrow(SIGN_IN_ERRORS.locked);
    const rows = await auditOf(u.id);
    expect(rows.filter((r) => r.action === "auth.lockout")).toHaveLength(1);
    expect(rows.filter((r) => r.action === "auth.lockout")[0]!.after).toMatchObject({ key: "account", failures: ACCOUNT_RULE.maxFailures });
    expect(rows.at(-1)).toMatchObject({ action: "auth.sign_in_failed", after: { reason: "locked" } });
    // Guessing unknown addresses is throttled the same way (no hint that the account does not exist).
    const ghost = `${uniq("ghost")}@example.jp`;
    for (let i = 1; i < ACCOUNT_RULE.maxFailures; i++) await expect(checkSignIn({ email: ghost, password: "whatever-password", ip: null })).rejects.toThrow(SIGN_IN_ERRORS.failed);
    await expect(checkSignIn({ email: ghost, password: "whatever-password", ip: null })).rejects.toThrow(SIGN_IN_ERRORS.locked);
  });

  it("locks an address that fails across many accounts; other addresses are unaffected", async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const { ADDRESS_RULE } = await import("./throttle");
    for (let i = 0; i < ADDRESS_RULE.maxFailures - 1; i++) {
      await expect(checkSignIn({ email: `${uniq("spray")}@example.jp`, password: "spray-password-1", ip })).rejects.toThrow(SIGN_IN_ERRORS.failed);
    }
    await expect(checkSignIn({ email: `${uniq("spray")}@example.jp`, password: "spray-password-1", ip })).rejects.toThrow(SIGN_IN_ERRORS.locked);
    const u = await user();
    await expect(checkSignIn({ email: u.email, password: PASSWORD, ip })).rejects.toThrow(SIGN_IN_ERRORS.locked);
    await expect(checkSignIn({ email: u.email, password: PASSWORD, ip: "203.0.113.7" })).resolves.toMatchObject({ id: u.id });
  });

  it("through the sign-in form, a client that puts a new address in front of X-Forwarded-For each time is still locked by its real one", async () => {
    const { ADDRESS_RULE } = await import("./throttle");
    const provider = authOptions.providers[0] as unknown as { options: { authorize: (raw: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown> } };
    const real = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const attempt = (i: number, email: string, password: string) =>
      provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": `10.${i % 250}.${i % 7}.1, ${real}` } });
    for (let i = 0; i < ADDRESS_RULE.maxFailures - 1; i++) await expect(attempt(i, `${uniq("rot")}@example.jp`, "spray-password-1")).rejects.toThrow(SIGN_IN_ERRORS.failed);
    await expect(attempt(99, `${uniq("rot")}@example.jp`, "spray-password-1")).rejects.toThrow(SIGN_IN_ERRORS.locked);
    const u = await user();
    await expect(attempt(100, u.email, PASSWORD)).rejects.toThrow(SIGN_IN_ERRORS.locked);
    const rows = await prisma.signInThrottle.findMany({ where: { key: { startsWith: "ip:10." } } });
    expect(rows).toEqual([]);
  });

  it("asks for the TOTP code after the right password, refuses a wrong one (counted), accepts the current one", async () => {
    const u = await user("admin");
    const { secret } = await enrolTotpForUser(u.email, undefined, CLI_ACTOR);
    await expect(checkSignIn({ email: u.email, password: PASSWORD, ip: null })).rejects.toThrow(SIGN_IN_ERRORS.codeRequired);
    const wrong = currentTotp(secret) === "000000" ? "111111" : "000000";
    await expect(checkSignIn({ email: u.email, password: PASSWORD, code: wrong, ip: null })).rejects.toThrow(SIGN_IN_ERRORS.codeInvalid);
    // a wrong password with the right code is still a plain failure
    await expect(checkSignIn({ email: u.email, password: "not the password", code: currentTotp(secret), ip: null })).rejects.toThrow(SIGN_IN_ERRORS.failed);
    await expect(checkSignIn({ email: u.email, password: PASSWORD, code: currentTotp(secret), ip: null })).resolves.toMatchObject({ id: u.id });
    const rows = await auditOf(u.id);
    expect(rows.filter((r) => r.action === "auth.sign_in_failed").map((r) => r.after)).toEqual([{ reason: "totp" }, { reason: "password" }]);
    expect(rows.at(-1)).toMatchObject({ action: "auth.sign_in", after: { twoFactor: true } });
    // success clears the account's failures
    expect(await prisma.signInThrottle.findUnique({ where: { key: `account:${u.email}` } })).toBeNull();
    expect(JSON.stringify(rows.map((r) => ({ ...r, id: String(r.id) })))).not.toContain(secret);
  });
});
