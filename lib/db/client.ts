import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { databaseUrl } from "./url";

// One Prisma client per process. Next's dev server re-evaluates modules on reload, so the
// instance is parked on globalThis to avoid leaking a connection pool per reload.
const globalForPrisma = globalThis as unknown as { mamoriPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl(), max: Number(process.env.MAMORI_DB_POOL ?? 10) });
  return new PrismaClient({ adapter });
}

export const prisma: PrismaClient = globalForPrisma.mamoriPrisma ?? (globalForPrisma.mamoriPrisma = createClient());

export type { PrismaClient } from "./generated/client";
export { Prisma } from "./generated/client";
