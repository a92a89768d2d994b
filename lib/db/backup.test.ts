import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trafficLine } from "@/lib/ingest/test-lines";
import { uniq } from "@/lib/testing/helpers";
import { dropDatabase, ensureDatabase, migrate } from "./migrate";
import { withDatabase } from "./url";
import { findTool } from "./backup";

// `soc db backup` / `soc db restore` as an operator runs them, on a database of its own on the
// run's server (the local PostgreSQL 15): backup, drop, restore, and every table has its rows back.

const dir = mkdtempSync(path.join(tmpdir(), "mamori-backup-"));
let url = "";

function soc(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["bin/soc.mjs", ...args], { input, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function rowCounts(): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ t: string }>("SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog','information_schema') ORDER BY 1");
    const out: Record<string, number> = {};
    for (const { t } of tables.rows) out[t] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n);
    return out;
  } finally {
    await c.end();
  }
}

async function serverMajor(): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Math.floor(Number((await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v) / 10000);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  url = withDatabase(process.env.DATABASE_URL!, `mamori_backup_${Date.now()}_${Math.floor(Math.random() * 1e6)}`);
  await ensureDatabase(url);
  await migrate(url);
});
afterAll(async () => {
  await dropDatabase(url).catch(() => {});
});

describe("soc db backup / restore", () => {
  it("backs up, survives a dropped database and restores every row", async () => {
    const slug = uniq("bk");
    expect(soc(["customer", "add", "--slug", slug, "--name", "株式会社バックアップ", "--internal", "10.0.0.0/8"]).code).toBe(0);
    expect(soc(["device", "add", "--customer", slug, "--hostname", "bk-fw", "--serial", `SER-${slug}`, "--model", "PA-220", "--ip", "192.0.2.1"]).code).toBe(0);
    expect(soc(["user", "add", "--email", `${slug}@bk.example.jp`, "--role", "customer", "--customer", slug], "a long password here\n").code).toBe(0);
    const { writeFileSync } = await import("node:fs");
    const log = path.join(dir, "a.log");
    writeFileSync(log, [trafficLine({ time: "2021/12/01 10:00:00", serial: `SER-${slug}`, src: "10.1.1.1", dst: "8.8.8.8" }), trafficLine({ time: "2021/12/02 10:00:00", serial: `SER-${slug}`, src: "10.1.1.2", dst: "1.1.1.1" })].join("\n"));
    const ing = soc(["ingest", "--customer", slug, log]);
    expect(ing.code, ing.stderr).toBe(0);
    const before = await rowCounts();
    expect(Object.values(before).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);

    const file = path.join(dir, "mamori.dump");
    const b = soc(["db", "backup", file]);
    // A run on the embedded PostgreSQL 17 (npm test without DATABASE_URL) has no matching
    // pg_dump here: then the backup must refuse with its one clear line (the round trip runs
    // where the run's server has one, e.g. CI's local PostgreSQL 15).
    const major = await serverMajor();
    if (!(await findTool("pg_dump", major).then(() => true, () => false))) {
      expect(b.code).toBe(1);
      expect(b.stderr.trim()).toMatch(new RegExp(`^soc: error: pg_dump for PostgreSQL ${major} not found`));
      return;
    }
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ file, serverVersion: expect.any(Number) });
    expect(JSON.parse(b.stdout).bytes).toBeGreaterThan(1000);

    await dropDatabase(url);
    await ensureDatabase(url); // empty
    const r = soc(["db", "restore", file]);
    expect(r.code, r.stderr).toBe(0);
    expect(await rowCounts()).toEqual(before);
    // The restored database is a working Mamori database.
    const list = soc(["device", "list", "--customer", slug]);
    expect(JSON.parse(list.stdout).map((d: { serial: string }) => d.serial)).toEqual([`SER-${slug}`]);
  });

  it("a missing dump file is one line on stderr and exit 1", () => {
    const r = soc(["db", "restore", path.join(dir, "nope.dump")]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^soc: error: .*nope\.dump: no such file$/);
  });

  it("a server newer than every pg_dump found fails with a clear message", async () => {
    await expect(findTool("pg_dump", 99)).rejects.toThrow(/pg_dump for PostgreSQL 99 not found .*embedded PostgreSQL ships no pg_dump/);
  });

  it("against the embedded PostgreSQL 17 (with only pg_dump 15 here) the command fails with one clear line", async () => {
    const { startEmbeddedPostgres } = await import("./embedded");
    const { createServer } = await import("node:net");
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const pgDir = mkdtempSync(path.join(tmpdir(), "mamori-backup-pg17-")); // its own folder: the server may run as another user
    const pg17 = await startEmbeddedPostgres({ dir: pgDir, port });
    try {
      await ensureDatabase(pg17.url);
      const r = spawnSync(process.execPath, ["bin/soc.mjs", "db", "backup", path.join(dir, "e.dump")], { env: { ...process.env, DATABASE_URL: pg17.url }, encoding: "utf8" });
      const major = Number(/\d+/.exec(spawnSync("pg_dump", ["--version"], { encoding: "utf8" }).stdout.split(")")[1] ?? "")?.[0]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      if (major < 17) expect(r.stderr.trim()).toMatch(/^soc: error: pg_dump for PostgreSQL 17 not found \(pg_dump is version \d+\); install postgresql-client-17 .*embedded PostgreSQL ships no pg_dump/);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toContain("postgres:postgres"); // the password never reaches the output
    } finally {
      await pg17.stop();
      rmSync(pgDir, { recursive: true, force: true });
    }
  }, 120_000);
});
