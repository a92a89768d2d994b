import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedHandle } from "@/lib/db/embedded";
import { ensureDatabase, migrate } from "@/lib/db/migrate";
import { trafficLine } from "./test-lines";

// Ingest survives a PostgreSQL restart in the middle of a file: it retries until the server is
// back, resumes after the last committed batch, and every count is exactly-once. The server is a
// private embedded PostgreSQL on a free port (never the shared one), restarted by this test.

const dir = mkdtempSync(path.join(tmpdir(), "mamori-fault-"));
let port = 0;
let server: EmbeddedHandle | null = null;
let url = "";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const start = async () => (server = await startEmbeddedPostgres({ dir, port }));

beforeAll(async () => {
  port = await freePort();
  await start();
  url = server!.url.replace(/\/mamori$/, "/mamori_fault");
  await ensureDatabase(url);
  await migrate(url);
  // lib/db reads DATABASE_URL when first used: this file's modules talk to the private server only.
  process.env.DATABASE_URL = url;
}, 180_000);

afterAll(async () => {
  const { closePgPool } = await import("@/lib/db/pool");
  await closePgPool().catch(() => {});
  const { prisma } = await import("@/lib/db/client");
  await prisma.$disconnect().catch(() => {});
  await server?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe("ingest during a PostgreSQL restart", () => {
  it("retries, resumes and counts every line exactly once", async () => {
    const { createCustomer } = await import("@/lib/customers/customers");
    const { createDevice } = await import("@/lib/devices/devices");
    const { CLI_ACTOR } = await import("@/lib/auth/types");
    const { ingestFilesWithRetry } = await import("./retry");
    const c = await createCustomer({ slug: "fault", name: "障害テスト", timezone: "Asia/Tokyo", internalNetworks: "192.0.2.0/24" }, CLI_ACTOR);
    await createDevice({ customerSlug: "fault", hostname: "fault-utm", serial: "FAULT0001", model: "PA-3220", ip: "192.0.2.13", timezone: "Asia/Tokyo" }, CLI_ACTOR);
    const N = 3000;
    const lines = Array.from({ length: N }, (_, i) =>
      trafficLine({ time: `2021/12/${String(1 + (i % 28)).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:00:${String(i % 60).padStart(2, "0")}`, serial: "FAULT0001", src: `192.0.2.${1 + (i % 200)}`, dst: "8.8.8.8" }),
    );
    const file = path.join(dir, "restart.log");
    writeFileSync(file, lines.join("\n") + "\n");

    let restarted: Promise<void> | null = null;
    const log: string[] = [];
    const s = await ingestFilesWithRetry({ customerId: c.id }, [file], {
      batchLines: 250,
      delayMs: 200,
      log: (m) => log.push(m),
      afterBatch: (committed) => {
        // After the third committed batch the server goes down (fast shutdown: sessions are
        // terminated) and comes back a moment later, while the pipeline carries on.
        if (committed >= 750 && !restarted) {
          restarted = (async () => {
            await server!.stop();
            await new Promise((r) => setTimeout(r, 1500));
            await start();
          })();
        }
      },
    });
    await restarted;
    expect(restarted).not.toBeNull();
    expect(s.attempts, log.join("\n")).toBeGreaterThan(1);
    expect(log.some((m) => m.startsWith("database connection lost"))).toBe(true);
    expect(s).toMatchObject({ files: 1, lines: N, accepted: N, rejected: 0 });

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const q = async (sql: string) => Number((await db.query<{ n: string }>(sql, [c.id])).rows[0]!.n);
      expect(await q(`SELECT count(*) AS n FROM events WHERE customer_id = $1`)).toBe(N);
      expect(await q(`SELECT count(DISTINCT line_no) AS n FROM events WHERE customer_id = $1`)).toBe(N);
      expect(await q(`SELECT coalesce(sum(count), 0) AS n FROM rollup_daily WHERE customer_id = $1`)).toBe(N);
      expect(await q(`SELECT count(*) AS n FROM ingest_files WHERE customer_id = $1 AND status = 'done' AND accepted = ${N}`)).toBe(1);
    } finally {
      await db.end();
    }
    console.error(`fault: PostgreSQL restarted after 750 of ${N} lines; ingest took ${s.attempts} attempts, ${N} events, exactly once`);
  }, 180_000);
});
