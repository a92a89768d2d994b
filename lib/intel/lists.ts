import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { parseEntries, parseExpiry, type ParseResult } from "./entries";
import type { IntelListData } from "./matcher";

// Threat-intelligence lists: staff-managed reference data. A list with a customer applies to
// that customer only; without one, to every customer.

const optionalSlug = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

export const listInputSchema = z.object({
  name: z.string().trim().min(1, "required").max(100, "tooLong"),
  kind: z.enum(["ip", "domain"], { message: "invalid" }),
  source: z.string().trim().max(200, "tooLong").default(""),
  description: z.string().trim().max(2000, "tooLong").default(""),
  customerSlug: optionalSlug,
});
export const listUpdateSchema = listInputSchema.omit({ kind: true, customerSlug: true });

export const importInputSchema = z.object({
  text: z.string().max(20_000_000, "tooLong").refine((s) => s.trim().length > 0, "required"),
  source: z.string().trim().max(200, "tooLong").default(""),
  /** entries without their own expiry expire at this date (YYYY-MM-DD or ISO) */
  expires: z
    .string()
    .trim()
    .default("")
    .refine((s) => parseExpiry(s) !== "invalid", "invalid"),
  replace: z.boolean().default(false),
});

async function customerIdOf(slug: string | undefined): Promise<string | null> {
  if (!slug) return null;
  const c = await prisma.customer.findUnique({ where: { slug }, select: { id: true } });
  if (!c) throw new InputError({ customerSlug: "unknownCustomer" });
  return c.id;
}

export async function listThreatLists() {
  const lists = await prisma.threatList.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { entries: true, rules: true } } } });
  const customers = await prisma.customer.findMany({ where: { id: { in: lists.map((l) => l.customerId).filter((x): x is string => !!x) } }, select: { id: true, slug: true } });
  const slugOf = new Map(customers.map((c) => [c.id, c.slug]));
  return lists.map((l) => ({ ...l, customerSlug: l.customerId ? (slugOf.get(l.customerId) ?? null) : null }));
}

export async function getThreatList(id: string, opts: { entries?: number } = {}) {
  const list = await prisma.threatList.findUnique({
    where: { id },
    include: { _count: { select: { entries: true } }, entries: { orderBy: { addedAt: "desc" }, take: opts.entries ?? 200 } },
  });
  if (!list) return null;
  const customer = list.customerId ? await prisma.customer.findUnique({ where: { id: list.customerId }, select: { slug: true } }) : null;
  return { ...list, customerSlug: customer?.slug ?? null };
}

export async function createThreatList(input: unknown, actor: Actor) {
  const { customerSlug, ...data } = parseInput(listInputSchema, input);
  const customerId = await customerIdOf(customerSlug);
  if (await prisma.threatList.findUnique({ where: { name: data.name } })) throw new InputError({ name: "nameTaken" });
  return prisma.$transaction(async (tx) => {
    const list = await tx.threatList.create({ data: { ...data, customerId } });
    await writeAudit({ actor, action: "intel.list_create", entityType: "threat_list", entityId: list.id, customerId, after: list }, tx);
    return list;
  });
}

export async function updateThreatList(id: string, input: unknown, actor: Actor) {
  const data = parseInput(listUpdateSchema, input);
  const clash = await prisma.threatList.findUnique({ where: { name: data.name } });
  if (clash && clash.id !== id) throw new InputError({ name: "nameTaken" });
  return prisma.$transaction(async (tx) => {
    const before = await tx.threatList.findUnique({ where: { id } });
    if (!before) throw new InputError({ id: "notFound" });
    const after = await tx.threatList.update({ where: { id }, data });
    await writeAudit({ actor, action: "intel.list_update", entityType: "threat_list", entityId: id, customerId: before.customerId, before, after }, tx);
    return after;
  });
}

export interface ImportSummary {
  parsed: number;
  added: number;
  updated: number;
  removed: number;
  rejected: ParseResult["rejected"];
}

/** Adds (or, with replace, replaces) a list's entries from CSV or plain text; one transaction, audited. */
export async function importThreatList(id: string, input: unknown, actor: Actor): Promise<ImportSummary> {
  const data = parseInput(importInputSchema, input);
  const list = await prisma.threatList.findUnique({ where: { id } });
  if (!list) throw new InputError({ id: "notFound" });
  const parsed = parseEntries(data.text, list.kind as "ip" | "domain");
  if (!parsed.entries.length) throw new InputError({ text: "noEntries" });
  const defaultExpiry = parseExpiry(data.expires) as Date | null;
  const defaultSource = data.source || list.source;
  const values = parsed.entries.map((e) => e.value);
  const sources = parsed.entries.map((e) => e.source ?? defaultSource);
  const expiries = parsed.entries.map((e) => (e.expiresAt ?? defaultExpiry)?.toISOString() ?? null);
  return prisma.$transaction(
    async (tx) => {
      let removed = 0;
      if (data.replace) {
        removed = await tx.$executeRaw`DELETE FROM threat_list_entries WHERE list_id = ${id}::uuid AND NOT (value = ANY(${values}::text[]))`;
      }
      const rows = await tx.$queryRaw<{ inserted: boolean }[]>`
        INSERT INTO threat_list_entries (list_id, value, source, expires_at)
        SELECT ${id}::uuid, t.value, t.source, t.expires_at FROM unnest(${values}::text[], ${sources}::text[], ${expiries}::timestamptz[]) AS t(value, source, expires_at)
        ON CONFLICT (list_id, value) DO UPDATE SET source = EXCLUDED.source, expires_at = EXCLUDED.expires_at
        RETURNING (xmax = 0) AS inserted`;
      const added = rows.filter((r) => r.inserted).length;
      const summary = { parsed: parsed.entries.length, added, updated: rows.length - added, removed, rejected: parsed.rejected.slice(0, 100) };
      await tx.threatList.update({ where: { id }, data: { updatedAt: new Date() } });
      await writeAudit(
        { actor, action: "intel.list_import", entityType: "threat_list", entityId: id, customerId: list.customerId, after: { ...summary, rejected: parsed.rejected.length, replace: data.replace } },
        tx,
      );
      return summary;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

export async function removeThreatListEntry(id: string, value: string, actor: Actor) {
  return prisma.$transaction(async (tx) => {
    const list = await tx.threatList.findUnique({ where: { id } });
    if (!list) throw new InputError({ id: "notFound" });
    const entry = await tx.threatListEntry.findUnique({ where: { listId_value: { listId: id, value } } });
    if (!entry) throw new InputError({ value: "notFound" });
    await tx.threatListEntry.delete({ where: { listId_value: { listId: id, value } } });
    await writeAudit({ actor, action: "intel.entry_remove", entityType: "threat_list", entityId: id, customerId: list.customerId, before: entry }, tx);
  });
}

/** The entries of the given lists (the lists a customer's rules use), as data for IntelSet.fromData. */
export async function loadIntelListData(listIds: string[]): Promise<IntelListData[]> {
  if (!listIds.length) return [];
  const lists = await prisma.threatList.findMany({ where: { id: { in: listIds } }, select: { id: true, kind: true } });
  const byId = new Map(lists.map((l): [string, IntelListData] => [l.id, { id: l.id, kind: l.kind as "ip" | "domain", entries: [] }]));
  const rows = await prisma.threatListEntry.findMany({ where: { listId: { in: listIds } }, select: { listId: true, value: true, expiresAt: true } });
  for (const r of rows) byId.get(r.listId)?.entries.push([r.value, r.expiresAt ? r.expiresAt.getTime() : null]);
  return [...byId.values()];
}
