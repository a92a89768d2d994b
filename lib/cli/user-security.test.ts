import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { currentTotp, verifyTotp } from "@/lib/auth/totp";
import { recordFailure, ACCOUNT_RULE, accountKey, lockedUntil } from "@/lib/auth/throttle";
import { uniq } from "@/lib/testing/helpers";

function soc(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["bin/soc.mjs", ...args], { input, env: process.env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("soc user: password policy, TOTP, unlock", () => {
  it("refuses weak passwords with one `soc: error:` line naming the rule", () => {
    const email = `${uniq("pw")}@cli.example.jp`;
    for (const [pw, msg] of [
      ["short", /password must be at least 12 characters/],
      ["Password1234", /password is too common/],
      [`${email}-x`, /password must not contain the e-mail address/],
    ] as const) {
      const r = soc(["user", "add", "--email", email, "--role", "analyst"], `${pw}\n`);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n").filter((l) => l.startsWith("soc: error:"))).toEqual([expect.stringMatching(msg)]);
      expect(r.stderr).not.toContain(pw);
    }
  });

  it("enrols a user (new or given secret) printing secret and URI as JSON; --reset turns it off; totp-code prints the code", () => {
    const email = `${uniq("totp")}@cli.example.jp`;
    expect(soc(["user", "add", "--email", email, "--role", "admin"], "a long password here\n").code).toBe(0);
    const r = soc(["user", "totp", "--email", email]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { email: string; secret: string; uri: string };
    expect(out.email).toBe(email);
    expect(out.uri).toMatch(/^otpauth:\/\/totp\/Mamori:/);
    const code = JSON.parse(soc(["user", "totp-code", "--secret", out.secret]).stdout).code as string;
    expect(verifyTotp(out.secret, code)).toBe(true);
    const given = soc(["user", "totp", "--email", email, "--secret", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"]);
    expect(JSON.parse(given.stdout).secret).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(currentTotp("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).toMatch(/^\d{6}$/);
    const reset = soc(["user", "totp", "--email", email, "--reset"]);
    expect(JSON.parse(reset.stdout)).toEqual({ email, twoFactor: false });
    const bad = soc(["user", "totp", "--email", `nobody-${email}`]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^soc: error: email was not found$/m);
  });

  it("unlock lifts a lockout and is audited", async () => {
    const email = `${uniq("lock")}@cli.example.jp`;
    for (let i = 0; i < ACCOUNT_RULE.maxFailures; i++) await recordFailure(accountKey(email), ACCOUNT_RULE);
    expect(await lockedUntil([accountKey(email)])).not.toBeNull();
    const r = soc(["user", "unlock", "--email", email]);
    expect(r.code, r.stderr).toBe(0);
    expect(await lockedUntil([accountKey(email)])).toBeNull();
    expect(await prisma.auditLog.count({ where: { action: "auth.unlock", after: { equals: { email } } } })).toBe(1);
  });
});
