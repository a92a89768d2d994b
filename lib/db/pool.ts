import pg from "pg";
import { databaseUrl } from "./url";

// Raw pg pool for what Prisma does not do well: COPY streams, advisory locks, partition DDL.
const globalForPool = globalThis as unknown as { mamoriPgPool?: pg.Pool };

export function pgPool(): pg.Pool {
  if (!globalForPool.mamoriPgPool) {
    globalForPool.mamoriPgPool = new pg.Pool({ connectionString: databaseUrl(), max: Number(process.env.MAMORI_DB_POOL ?? 10) });
  }
  return globalForPool.mamoriPgPool;
}

export async function closePgPool(): Promise<void> {
  const pool = globalForPool.mamoriPgPool;
  globalForPool.mamoriPgPool = undefined;
  await pool?.end();
}
