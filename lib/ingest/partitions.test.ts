import { cpSync, mkdtempSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, dropDatabase, ensureDatabase, migrate, readMigrations } from "@/lib/db/migrate";
import { withDatabase } from "@/lib/db/url";
import { existingPartitions, kindPartitions } from "./partitions";

// Migration 20261127050000 rebuilds month partitions made by the earlier layout (month only)
// into month × kind, keeping every row.

describe("events partition layout", () => {
  it("the jobs_retention migration turns existing month partitions into month × kind with all their rows", async () => {
    const url = withDatabase(process.env.DATABASE_URL!, `mamori_part_${Date.now()}_${randomBytes(3).toString("hex")}`);
    const dir = mkdtempSync(path.join(tmpdir(), "mamori-migrations-"));
    const all = await readMigrations();
    const target = all.findIndex((m) => m.name === "20261127050000_jobs_retention");
    for (const m of all.slice(0, target)) cpSync(path.join(MIGRATIONS_DIR, m.name), path.join(dir, m.name), { recursive: true });
    await ensureDatabase(url);
    const client = new pg.Client({ connectionString: url });
    try {
      await migrate(url, { dir });
      await client.connect();
      await client.query(`CREATE TABLE events_p202111 PARTITION OF events FOR VALUES FROM ('2021-11-01 00:00:00+00') TO ('2021-12-01 00:00:00+00')`);
      const row = (type: string, line: number) =>
        client.query(
          `INSERT INTO events (customer_id, time, file_id, line_no, device_id, log_type, subtype, action, allowed, is_session)
           VALUES ('00000000-0000-0000-0000-000000000001', '2021-11-05 10:00:00+00', 1, $2, '00000000-0000-0000-0000-000000000002', $1, 'end', 'allow', true, true)`,
          [type, line],
        );
      await row("TRAFFIC", 1);
      await row("TRAFFIC", 2);
      await row("THREAT", 3);
      cpSync(path.join(MIGRATIONS_DIR, all[target]!.name), path.join(dir, all[target]!.name), { recursive: true });
      const r = await migrate(url, { dir });
      expect(r.applied).toEqual(["20261127050000_jobs_retention"]);
      expect((await kindPartitions(client)).map((p) => p.name)).toEqual(["events_p202111_other", "events_p202111_threat", "events_p202111_traffic"]);
      expect([...(await existingPartitions(client))]).toEqual(["2021-11"]);
      const counts = await client.query(`SELECT tableoid::regclass::text AS t, count(*)::int AS n FROM events GROUP BY 1 ORDER BY 1`);
      expect(counts.rows).toEqual([
        { t: "events_p202111_threat", n: 1 },
        { t: "events_p202111_traffic", n: 2 },
      ]);
    } finally {
      await client.end().catch(() => {});
      await dropDatabase(url);
    }
  }, 60_000);
});
