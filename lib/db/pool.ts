import pg from "pg";
import { databaseUrl } from "./url";

// Raw pg pool for what Prisma does not do well: COPY streams, advisory locks, partition DDL.
const globalForPool = globalThis as unknown as { mamoriPgPool?: pg.Pool };

export function pgPool(): pg.Pool {
  if (!globalForPool.mamoriPgPool) {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: Number(process.env.MAMORI_DB_POOL ?? 10) });
    // A connection the server drops (restart, failover) emits "error"; unheard, that event kills
    // the process (the web server, a running ingest). Idle ones: the pool discards them and
    // connects anew. Checked-out ones: the holder's next query fails and it handles that
    // (ingest retries, a page shows its error). Found by the fault tests (lib/ingest/fault.test.ts).
    pool.on("error", (err) => process.stderr.write(`database connection lost: ${err.message}\n`));
    pool.on("connect", (client) => client.on("error", () => {}));
    globalForPool.mamoriPgPool = pool;
  }
  return globalForPool.mamoriPgPool;
}

export async function closePgPool(): Promise<void> {
  const pool = globalForPool.mamoriPgPool;
  globalForPool.mamoriPgPool = undefined;
  await pool?.end();
}
