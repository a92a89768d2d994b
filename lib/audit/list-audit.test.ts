import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { uniq } from "@/lib/testing/helpers";
import { createCustomer } from "@/lib/customers/customers";
import { auditFilterSchema, listAudit } from "./list-audit";

describe("audit list filters", () => {
  it("filters by action, actor, customer and Japan-time calendar days", async () => {
    const slug = uniq("aud");
    const c = await createCustomer({ slug, name: "監査テスト" }, CLI_ACTOR);
    const actor = `${uniq("who")}@example.jp`;
    const rows = [
      { at: new Date("2026-03-01T14:59:00Z"), action: "auth.sign_in" }, // 2026-03-01 23:59 JST
      { at: new Date("2026-03-01T15:00:00Z"), action: "auth.sign_in_failed" }, // 2026-03-02 00:00 JST
      { at: new Date("2026-03-03T03:00:00Z"), action: "report.pdf_download" },
    ];
    for (const r of rows) {
      await prisma.auditLog.create({ data: { ...r, actorEmail: actor, entityType: "user", customerId: c.id, ip: "192.0.2.9" } });
    }
    const list = async (q: Record<string, string>) => (await listAudit(auditFilterSchema.parse({ actor, ...q }))).rows.map((r) => r.action);
    expect(await list({})).toEqual(["report.pdf_download", "auth.sign_in_failed", "auth.sign_in"]);
    expect(await list({ customer: slug, from: "2026-03-02", to: "2026-03-02" })).toEqual(["auth.sign_in_failed"]);
    expect(await list({ to: "2026-03-01" })).toEqual(["auth.sign_in"]);
    expect(await list({ from: "2026-03-02" })).toEqual(["report.pdf_download", "auth.sign_in_failed"]);
    expect(await list({ action: "sign_in" })).toEqual(["auth.sign_in_failed", "auth.sign_in"]);
    expect(await list({ customer: "no-such-customer" })).toEqual([]);
    // malformed dates are ignored, not an error page
    expect(auditFilterSchema.parse({ from: "2026-02-30x", to: "yesterday" })).toMatchObject({ from: undefined, to: undefined });
  });
});
