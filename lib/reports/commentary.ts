import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { parseInput } from "@/lib/validation";
import { ConflictError } from "./errors";
import { lockEditable } from "./lifecycle";
import { SECTION_KEY_RE } from "./outline";

// Analysts' texts of a report version. A save names the revision the editor started from (0:
// the section still showed Mamori's draft); if someone saved in between, nothing is written and
// the caller gets a ConflictError with the other text, so two analysts never overwrite each other.

export const sectionInputSchema = z.object({
  key: z.string().regex(SECTION_KEY_RE, "invalid"),
  body: z.string().max(20_000, "tooLong").transform((s) => s.replace(/\r\n/g, "\n")),
  expectedRevision: z.coerce.number().int("invalid").min(0, "invalid"),
});

export interface SectionText {
  key: string;
  body: string;
  revision: number;
  updatedBy: string;
  updatedAt: string;
}

export async function loadSections(reportId: string): Promise<Map<string, SectionText>> {
  const rows = await prisma.reportSection.findMany({ where: { reportId } });
  return new Map(rows.map((r) => [r.key, { key: r.key, body: r.body, revision: r.revision, updatedBy: r.updatedBy, updatedAt: r.updatedAt.toISOString() }]));
}

export async function saveSection(scope: { customerId: string }, reportId: string, input: unknown, actor: Actor): Promise<SectionText> {
  const data = parseInput(sectionInputSchema, input);
  return prisma.$transaction(async (tx) => {
    await lockEditable(tx, scope, reportId);
    const before = await tx.reportSection.findUnique({ where: { reportId_key: { reportId, key: data.key } } });
    const currentRevision = before?.revision ?? 0;
    if (currentRevision !== data.expectedRevision) {
      throw new ConflictError({ body: before?.body ?? "", revision: currentRevision, updatedBy: before?.updatedBy ?? "", updatedAt: (before?.updatedAt ?? new Date()).toISOString() });
    }
    const revision = currentRevision + 1;
    const now = new Date();
    let row;
    if (before) {
      // Conditional on the revision read above; the share lock on the report plus this check make a lost update impossible.
      const n = await tx.reportSection.updateMany({ where: { reportId, key: data.key, revision: currentRevision }, data: { body: data.body, revision, updatedBy: actor.email, updatedAt: now } });
      if (n.count !== 1) throw new ConflictError({ body: before.body, revision: currentRevision, updatedBy: before.updatedBy, updatedAt: before.updatedAt.toISOString() });
      row = { key: data.key, body: data.body, revision, updatedBy: actor.email, updatedAt: now };
    } else {
      const inserted = await tx.$executeRaw`
        INSERT INTO report_sections (report_id, customer_id, key, body, revision, updated_by, updated_at)
        VALUES (${reportId}::uuid, ${scope.customerId}::uuid, ${data.key}, ${data.body}, 1, ${actor.email}, ${now})
        ON CONFLICT (report_id, key) DO NOTHING`;
      if (inserted !== 1) {
        const other = await tx.reportSection.findUniqueOrThrow({ where: { reportId_key: { reportId, key: data.key } } });
        throw new ConflictError({ body: other.body, revision: other.revision, updatedBy: other.updatedBy, updatedAt: other.updatedAt.toISOString() });
      }
      row = { key: data.key, body: data.body, revision: 1, updatedBy: actor.email, updatedAt: now };
    }
    await writeAudit(
      { actor, action: "report.section.save", entityType: "report", entityId: reportId, customerId: scope.customerId, before: before ? { key: data.key, revision: before.revision, body: before.body } : { key: data.key, revision: 0 }, after: { key: data.key, revision, body: data.body } },
      tx,
    );
    return { ...row, updatedAt: row.updatedAt.toISOString() };
  });
}
