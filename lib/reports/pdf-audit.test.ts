import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/types";
import { ensureDraft } from "./lifecycle";
import { reportPdfFor } from "./page-data";
import { ANALYST_A, reportTenant } from "./test-helpers";

describe("report PDF downloads", () => {
  it("are audited with who, which report and from where; a refused download is not", async () => {
    const t = await reportTenant();
    const scope = { customerId: t.customerId };
    const { report } = await ensureDraft(scope, "2021-12", ANALYST_A);
    const staff: SessionUser = { id: randomUUID(), email: "pdf-reader@mamori.example", name: "", role: "analyst", customerId: null, customerSlug: null, locale: "ja", twoFactor: true };
    const out = await reportPdfFor(scope, "2021-12", staff, undefined, "192.0.2.44");
    expect(out?.pdf.subarray(0, 4).toString()).toBe("%PDF");
    const rows = await prisma.auditLog.findMany({ where: { entityId: report.id, action: "report.pdf_download" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: staff.id, actorEmail: staff.email, ip: "192.0.2.44", customerId: t.customerId, after: { month: "2021-12", version: 1, status: "draft" } });
    // A customer cannot download a draft: nothing to audit.
    const customer: SessionUser = { ...staff, id: randomUUID(), role: "customer", customerId: t.customerId, customerSlug: t.slug };
    expect(await reportPdfFor(scope, "2021-12", customer, undefined, null)).toBeNull();
    expect(await prisma.auditLog.count({ where: { entityId: report.id, action: "report.pdf_download" } })).toBe(1);
  });
});
