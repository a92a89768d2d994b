import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/types";

export interface AuditEntry {
  actor: Actor;
  action: string;
  entityType: string;
  entityId?: string | null;
  customerId?: string | null;
  before?: unknown;
  after?: unknown;
}

type Tx = Pick<Prisma.TransactionClient, "auditLog">;

const SECRET_KEYS = new Set(["passwordHash", "password", "password_hash", "totpSecret", "totpPendingSecret", "totp_secret", "secret"]);

/** Strips secrets so an audit row never carries a password or hash. */
function redact(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value, (k, v) => (SECRET_KEYS.has(k) ? "[redacted]" : v))) as Prisma.InputJsonValue;
}

export async function writeAudit(entry: AuditEntry, tx: Tx = prisma): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actor.id,
      actorEmail: entry.actor.email,
      ip: entry.actor.ip ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      customerId: entry.customerId ?? null,
      before: redact(entry.before),
      after: redact(entry.after),
    },
  });
}
