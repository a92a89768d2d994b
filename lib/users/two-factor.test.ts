import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { currentTotp, verifyTotp } from "@/lib/auth/totp";
import { uniq } from "@/lib/testing/helpers";
import { createUser } from "./users";
import { beginTotpEnrolment, confirmTotpEnrolment, enrolTotpForUser, resetTotp, twoFactorStatus } from "./two-factor";

const actor = { id: null, email: "admin@example.jp", ip: "192.0.2.5" };
const newUser = (role: "admin" | "analyst" = "analyst") =>
  createUser({ email: `${uniq("tf")}@example.jp`, role, password: "long enough password" }, CLI_ACTOR);
const bigintSafe = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x));

describe("two-factor enrolment", () => {
  it("turns on only after a valid code for the pending secret; shows the same secret until then", async () => {
    const u = await newUser();
    const first = await beginTotpEnrolment(u.id);
    expect(first.uri).toContain(`secret=${first.secret}`);
    expect(first.qrSvg).toMatch(/^<svg/);
    expect((await beginTotpEnrolment(u.id)).secret).toBe(first.secret);
    const wrong = currentTotp(first.secret) === "000000" ? "111111" : "000000";
    await expect(confirmTotpEnrolment(u.id, wrong, actor)).rejects.toMatchObject({ fields: { code: "totpInvalid" } });
    expect((await twoFactorStatus(u.id)).enabled).toBe(false);
    await confirmTotpEnrolment(u.id, currentTotp(first.secret), actor);
    expect((await twoFactorStatus(u.id)).enabled).toBe(true);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row).toMatchObject({ totpSecret: first.secret, totpPendingSecret: null });
    const audit = await prisma.auditLog.findMany({ where: { entityId: u.id, action: "user.totp_enrol" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: actor.email, ip: actor.ip });
    expect(bigintSafe(audit)).not.toContain(first.secret);
  });

  it("operator enrolment sets a given secret; an admin reset turns two-factor off, audited", async () => {
    const u = await newUser("analyst");
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const out = await enrolTotpForUser(u.email.toUpperCase(), secret, CLI_ACTOR);
    expect(out).toMatchObject({ email: u.email, secret });
    expect(verifyTotp(out.secret, currentTotp(secret))).toBe(true);
    await expect(enrolTotpForUser(u.email, "not-base32!", CLI_ACTOR)).rejects.toMatchObject({ fields: { secret: "invalid" } });
    await expect(enrolTotpForUser("nobody@example.jp", secret, CLI_ACTOR)).rejects.toMatchObject({ fields: { email: "notFound" } });
    await resetTotp(u.id, actor);
    expect(await twoFactorStatus(u.id)).toEqual({ enabled: false, enabledAt: null });
    const actions = (await prisma.auditLog.findMany({ where: { entityId: u.id }, orderBy: { id: "asc" } })).map((r) => r.action);
    expect(actions).toEqual(["user.create", "user.totp_enrol", "user.totp_reset"]);
  });
});
