import { cpSync, mkdtempSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { dropDatabase, ensureDatabase, migrate, readMigrations } from "./migrate";
import { withDatabase } from "./url";

// Each test migrates its own scratch database on the run's server.
const scratch: string[] = [];
function scratchUrl(tag: string): string {
  const url = withDatabase(process.env.DATABASE_URL!, `${new URL(process.env.DATABASE_URL!).pathname.slice(1)}_${tag}`);
  scratch.push(url);
  return url;
}
afterAll(async () => {
  for (const url of scratch) await dropDatabase(url);
});

describe("soc db migrate", () => {
  it("applies every migration once and records it as Prisma does", async () => {
    const url = scratchUrl("m1");
    await ensureDatabase(url);
    const first = await migrate(url);
    const files = await readMigrations();
    expect(first.applied).toEqual(files.map((f) => f.name));
    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`);
    await c.end();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    expect(rows.every((r) => r.finished_at && r.applied_steps_count === 1)).toBe(true);
  });

  it("refuses a migration edited after it was applied", async () => {
    const url = scratchUrl("m2");
    await ensureDatabase(url);
    const dir = mkdtempSync(path.join(tmpdir(), "mamori-mig-"));
    cpSync("prisma/migrations", dir, { recursive: true });
    await migrate(url, { dir });
    const first = (await readMigrations(dir))[0]!;
    appendFileSync(path.join(dir, first.name, "migration.sql"), "\n-- edited\n");
    await expect(migrate(url, { dir })).rejects.toThrow(/modified after it was applied/);
  });

  it("rolls back a failing migration and reports which one", async () => {
    const url = scratchUrl("m3");
    await ensureDatabase(url);
    const dir = mkdtempSync(path.join(tmpdir(), "mamori-mig-"));
    cpSync("prisma/migrations", dir, { recursive: true });
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(path.join(dir, "99999999999999_broken"));
    writeFileSync(path.join(dir, "99999999999999_broken", "migration.sql"), "CREATE TABLE ok_then_fail (id int); SELECT * FROM no_such_table;");
    await expect(migrate(url, { dir })).rejects.toThrow(/99999999999999_broken failed/);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const t = await c.query(`SELECT to_regclass('ok_then_fail') AS t`);
    const m = await c.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE migration_name = '99999999999999_broken'`);
    await c.end();
    expect(t.rows[0].t).toBeNull();
    expect(m.rows[0].n).toBe(0);
  });
});
