import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { beforeIdSchema, keysetPage } from "@/lib/db/keyset";
import { customerFilterWhere } from "@/lib/customers/overview";

export const auditFilterSchema = z.object({
  action: z.string().trim().max(100).optional().catch(undefined),
  actor: z.string().trim().max(254).optional().catch(undefined),
  entityType: z.string().trim().max(50).optional().catch(undefined),
  customer: z.string().trim().max(100).optional().catch(undefined),
  // Calendar days (YYYY-MM-DD) in Japan time, inclusive: what an admin types into a date field.
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  before: beforeIdSchema,
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

const PAGE = 50;

/** Newest first, keyset-paginated on id. Admin-only: callers check the role. */
export async function listAudit(filter: AuditFilter) {
  const byCustomer = await customerFilterWhere(filter.customer);
  if (!byCustomer) return { rows: [], nextBefore: null };
  const at = {
    ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00+09:00`) } : {}),
    ...(filter.to ? { lt: new Date(new Date(`${filter.to}T00:00:00+09:00`).getTime() + 86_400_000) } : {}),
  };
  const rows = await prisma.auditLog.findMany({
    where: {
      ...byCustomer,
      ...(filter.from || filter.to ? { at } : {}),
      ...(filter.action ? { action: { contains: filter.action } } : {}),
      ...(filter.actor ? { actorEmail: { contains: filter.actor, mode: "insensitive" as const } } : {}),
      ...(filter.entityType ? { entityType: filter.entityType } : {}),
      ...(filter.before ? { id: { lt: BigInt(filter.before) } } : {}),
    },
    orderBy: { id: "desc" },
    take: PAGE + 1,
  });
  return keysetPage(rows, PAGE);
}

/** Entity types that occur in the log, for the filter (new domains appear without code changes). */
export async function listAuditEntityTypes(): Promise<string[]> {
  const rows = await prisma.auditLog.findMany({ distinct: ["entityType"], select: { entityType: true }, orderBy: { entityType: "asc" } });
  return rows.map((r) => r.entityType);
}
