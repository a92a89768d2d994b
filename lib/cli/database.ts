import { ensureDatabase, migrate } from "@/lib/db/migrate";
import { startEmbeddedPostgres, type EmbeddedHandle } from "@/lib/db/embedded";
import { log } from "./output";

// DATABASE_URL selects the database; without it Mamori runs its own embedded PostgreSQL.
// Must run before any module that imports lib/db/client is loaded.
let embedded: EmbeddedHandle | null = null;

export async function useDatabase(opts: { migrate?: boolean } = {}): Promise<string> {
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ log });
    process.env.DATABASE_URL = embedded.url;
  }
  const url = process.env.DATABASE_URL;
  await ensureDatabase(url);
  if (opts.migrate) {
    const r = await migrate(url, { log });
    log(r.applied.length ? `migrations applied: ${r.applied.join(", ")}` : `database up to date (${r.alreadyApplied} migrations)`);
  }
  return url;
}

export async function releaseDatabase(): Promise<void> {
  const { closePgPool } = await import("@/lib/db/pool");
  await closePgPool();
  if (process.env.DATABASE_URL && globalThis.hasOwnProperty("mamoriPrisma")) {
    const { prisma } = await import("@/lib/db/client");
    await prisma.$disconnect();
  }
  if (embedded) {
    const e = embedded;
    embedded = null;
    await e.stop();
  }
}
