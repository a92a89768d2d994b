import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { parseInput } from "@/lib/validation";
import { ConflictError } from "@/lib/reports/errors";

// The threat knowledge base: one イベント説明 per PAN-OS threat id, written once by an analyst and
// shown in every later report of every customer. Every save is kept (revisions) and audited; a
// save names the revision it started from, so two analysts never overwrite each other silently.
// Reports freeze the text they showed when they are published.

export const knowledgeInputSchema = z.object({
  threatId: z.coerce.number().int("invalid").min(0, "invalid").max(2 ** 53, "invalid"),
  name: z.string().trim().min(1, "required").max(500, "tooLong"),
  description: z.string().trim().min(1, "required").max(10_000, "tooLong"),
  /** the revision the editor started from; 0 when there was no entry yet */
  expectedRevision: z.coerce.number().int("invalid").min(0, "invalid"),
});

/** Mamori's first wording of a description, from the function and the threat's name. */
export function draftDescription(fn: string, name: string): string {
  const n = name.replace(/\(\d+\)$/, "");
  const harm = "これはマシンの侵害を示している可能性があります。";
  if (fn === "spyware") {
    if (/command and control|c2|backdoor/i.test(n)) return `C2 サーバとの通信を検知しています。${harm}`;
    if (/dns|generic:|domain/i.test(n)) return `C2 トラフィックに関連付けられている可能性のあるドメインへの DNS 解決を検知しています。${harm}`;
    return `スパイウェア「${n}」に関連する通信を検知しています。${harm}`;
  }
  if (fn === "vulnerability") return `「${n}」の脆弱性を悪用しようとする通信を検知しています。${harm}`;
  if (fn === "virus") return `悪性の疑いがあるファイル「${n}」を含む通信を検知しています。${harm}`;
  if (fn === "wildfire") {
    if (/email link/i.test(n)) return `悪性情報があるフィッシングサイトへのリンクを含むメール通信を検知しています。${harm}`;
    return `WildFire により悪性と判定されたファイルまたはリンク「${n}」を検知しています。${harm}`;
  }
  return `「${n}」を検知しています。`;
}

export interface KnowledgeText {
  threatId: number;
  description: string;
  revision: number;
  updatedBy: string;
  updatedAt: string;
}

/** The knowledge entries of some threats (those that have one). */
export async function knowledgeFor(threatIds: number[]): Promise<Map<number, KnowledgeText>> {
  if (!threatIds.length) return new Map();
  const rows = await prisma.threatKnowledge.findMany({ where: { threatId: { in: threatIds.map(BigInt) } } });
  return new Map(
    rows.map((r) => [Number(r.threatId), { threatId: Number(r.threatId), description: r.description, revision: r.revision, updatedBy: r.updatedBy, updatedAt: r.updatedAt.toISOString() }]),
  );
}

export async function listKnowledge(q = "") {
  const term = q.trim();
  const rows = await prisma.threatKnowledge.findMany({
    where: term
      ? { OR: [{ name: { contains: term, mode: "insensitive" } }, { description: { contains: term, mode: "insensitive" } }, ...(/^\d+$/.test(term) ? [{ threatId: BigInt(term) }] : [])] }
      : undefined,
    orderBy: { updatedAt: "desc" },
    take: 500,
  });
  return rows.map((r) => ({ threatId: Number(r.threatId), name: r.name, description: r.description, revision: r.revision, updatedBy: r.updatedBy, updatedAt: r.updatedAt }));
}

export async function getKnowledge(threatId: number) {
  if (!Number.isSafeInteger(threatId) || threatId < 0) return null;
  const r = await prisma.threatKnowledge.findUnique({ where: { threatId: BigInt(threatId) }, include: { revisions: { orderBy: { revision: "desc" } } } });
  if (!r) return null;
  return {
    threatId: Number(r.threatId),
    name: r.name,
    description: r.description,
    revision: r.revision,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
    revisions: r.revisions.map((v) => ({ revision: v.revision, description: v.description, editedBy: v.editedBy, editedAt: v.editedAt })),
  };
}

/** Creates or updates an entry; ConflictError when someone saved since expectedRevision. */
export async function saveKnowledge(input: unknown, actor: Actor): Promise<KnowledgeText> {
  const data = parseInput(knowledgeInputSchema, input);
  const id = BigInt(data.threatId);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('threat_knowledge'), ${data.threatId % 2_000_000_000}::int)`;
    const before = await tx.threatKnowledge.findUnique({ where: { threatId: id } });
    const currentRevision = before?.revision ?? 0;
    if (currentRevision !== data.expectedRevision) {
      throw new ConflictError({
        body: before?.description ?? "",
        revision: currentRevision,
        updatedBy: before?.updatedBy ?? "",
        updatedAt: (before?.updatedAt ?? new Date()).toISOString(),
      });
    }
    const revision = currentRevision + 1;
    const after = before
      ? await tx.threatKnowledge.update({ where: { threatId: id }, data: { name: data.name, description: data.description, revision, updatedBy: actor.email } })
      : await tx.threatKnowledge.create({ data: { threatId: id, name: data.name, description: data.description, revision, updatedBy: actor.email } });
    await tx.threatKnowledgeRevision.create({ data: { threatId: id, revision, description: data.description, editedBy: actor.email } });
    await writeAudit(
      {
        actor,
        action: before ? "knowledge.update" : "knowledge.create",
        entityType: "threat_knowledge",
        entityId: String(data.threatId),
        before: before ? { name: before.name, description: before.description, revision: before.revision } : undefined,
        after: { name: after.name, description: after.description, revision },
      },
      tx,
    );
    return { threatId: data.threatId, description: after.description, revision, updatedBy: after.updatedBy, updatedAt: after.updatedAt.toISOString() };
  });
}
