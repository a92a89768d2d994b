import { randomBytes } from "node:crypto";
import path from "node:path";
import { dropDatabase, ensureDatabase, migrate } from "@/lib/db/migrate";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { withDatabase } from "@/lib/db/url";

// A fresh, migrated database per test run on the server DATABASE_URL points at (the local
// PostgreSQL in CI), or on an embedded PostgreSQL when DATABASE_URL is unset.

export interface TestDatabase {
  url: string;
  dispose: () => Promise<void>;
}

export async function createTestDatabase(log: (m: string) => void = () => {}): Promise<TestDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | null = null;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ dir: path.resolve(".mamori/test"), port: 54339, log });
    serverUrl = embedded.url;
    stopServer = embedded.stop;
  }
  const name = `mamori_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const url = withDatabase(serverUrl, name);
  await ensureDatabase(url);
  await migrate(url);
  log(`test database ${name} ready`);
  return {
    url,
    dispose: async () => {
      await dropDatabase(url).catch((e) => log(`could not drop ${name}: ${e}`));
      await stopServer?.();
    },
  };
}
