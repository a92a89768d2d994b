import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { verifyPassword } from "@/lib/auth/password";
import { uniq } from "@/lib/testing/helpers";
import { createCustomer } from "@/lib/customers/customers";
import { changeOwnPassword, createUser, resetPassword, updateUser } from "./users";

describe("users", () => {
  it("stores an argon2id hash, never the password, and never audits the hash", async () => {
    const email = `${uniq("u")}@example.jp`;
    const u = await createUser({ email, role: "analyst", password: "correct horse battery" }, CLI_ACTOR);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("correct horse");
    expect(await verifyPassword(row.passwordHash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(row.passwordHash, "wrong")).toBe(false);
    const audits = await prisma.auditLog.findMany({ where: { entityId: u.id } });
    expect(JSON.stringify(audits, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("argon2");
  });

  it("requires exactly one customer for customer users and none for staff", async () => {
    const slug = uniq("uc");
    await createCustomer({ slug, name: "ユーザーテスト" }, CLI_ACTOR);
    await expect(createUser({ email: `${uniq("c")}@x.jp`, role: "customer", password: "long enough password" }, CLI_ACTOR)).rejects.toMatchObject({
      fields: { customerSlug: "customerRequired" },
    });
    await expect(createUser({ email: `${uniq("a")}@x.jp`, role: "admin", customerSlug: slug, password: "long enough password" }, CLI_ACTOR)).rejects.toMatchObject({
      fields: { customerSlug: "customerForbidden" },
    });
    const c = await createUser({ email: `${uniq("c")}@x.jp`, role: "customer", customerSlug: slug, password: "long enough password" }, CLI_ACTOR);
    expect(c.customer?.slug).toBe(slug);
    // The database enforces the same rule even past the domain layer.
    await expect(prisma.user.update({ where: { id: c.id }, data: { customerId: null } })).rejects.toThrow();
  });

  it("rejects weak passwords and duplicate e-mails", async () => {
    const email = `${uniq("d")}@x.jp`;
    await expect(createUser({ email, role: "analyst", password: "short" }, CLI_ACTOR)).rejects.toMatchObject({ fields: { password: "passwordWeak" } });
    await expect(createUser({ email, role: "analyst", password: "Password1234" }, CLI_ACTOR)).rejects.toMatchObject({ fields: { password: "passwordCommon" } });
    await expect(createUser({ email, role: "analyst", password: `my ${email} pass` }, CLI_ACTOR)).rejects.toMatchObject({ fields: { password: "passwordEmail" } });
    await createUser({ email, role: "analyst", password: "long enough password" }, CLI_ACTOR);
    await expect(createUser({ email: email.toUpperCase(), role: "analyst", password: "long enough password" }, CLI_ACTOR)).rejects.toMatchObject({
      fields: { email: "emailTaken" },
    });
  });

  it("a role change and a password reset are audited; the reset moves passwordChangedAt", async () => {
    const u = await createUser({ email: `${uniq("r")}@x.jp`, role: "analyst", password: "long enough password" }, CLI_ACTOR);
    const before = (await prisma.user.findUniqueOrThrow({ where: { id: u.id } })).passwordChangedAt;
    await updateUser(u.id, { role: "admin" }, CLI_ACTOR);
    await new Promise((r) => setTimeout(r, 5));
    await expect(resetPassword(u.id, "qwerty123456", CLI_ACTOR)).rejects.toMatchObject({ fields: { password: "passwordCommon" } });
    await resetPassword(u.id, "another long password", CLI_ACTOR);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(after.role).toBe("admin");
    expect(after.passwordChangedAt.getTime()).toBeGreaterThan(before.getTime());
    expect(await verifyPassword(after.passwordHash, "another long password")).toBe(true);
    const actions = (await prisma.auditLog.findMany({ where: { entityId: u.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["user.create", "user.role_change", "user.password_reset"]);
  });

  it("a user changes their own password: current one checked, policy applied, sessions end, audited", async () => {
    const email = `${uniq("own")}@x.jp`;
    const u = await createUser({ email, role: "customer", customerSlug: (await createCustomer({ slug: uniq("own"), name: "n" }, CLI_ACTOR)).slug, password: "long enough password" }, CLI_ACTOR);
    const actor = { id: u.id, email, ip: "192.0.2.1" };
    const before = (await prisma.user.findUniqueOrThrow({ where: { id: u.id } })).passwordChangedAt;
    await expect(changeOwnPassword(u.id, { current: "not my password", password: "a brand new password", confirm: "a brand new password" }, actor)).rejects.toMatchObject({ fields: { current: "passwordWrong" } });
    await expect(changeOwnPassword(u.id, { current: "long enough password", password: "password1234", confirm: "password1234" }, actor)).rejects.toMatchObject({ fields: { password: "passwordCommon" } });
    await expect(changeOwnPassword(u.id, { current: "long enough password", password: "a brand new password", confirm: "a brand new passwort" }, actor)).rejects.toMatchObject({ fields: { confirm: "passwordMismatch" } });
    await changeOwnPassword(u.id, { current: "long enough password", password: "a brand new password", confirm: "a brand new password" }, actor);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(after.passwordChangedAt.getTime()).toBeGreaterThan(before.getTime());
    expect(await verifyPassword(after.passwordHash, "a brand new password")).toBe(true);
    expect(await prisma.auditLog.count({ where: { entityId: u.id, action: "user.password_change", ip: "192.0.2.1" } })).toBe(1);
    // the wrong current password counted against the account
    expect((await prisma.signInThrottle.findUnique({ where: { key: `account:${email}` } }))?.failures).toBe(1);
  });
});
