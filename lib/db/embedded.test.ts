import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// With DATABASE_URL unset, `soc` runs its own PostgreSQL. A parent killed with SIGKILL leaves
// that server running; the next `soc` must still work, and a clean exit leaves nothing behind.
const dir = mkdtempSync(path.join(tmpdir(), "mamori-embedded-"));
const port = String(55000 + Math.floor(Math.random() * 4000));
const env = { ...process.env, MAMORI_DATA_DIR: dir, MAMORI_EMBEDDED_PG_PORT: port, DATABASE_URL: "" };
delete (env as Record<string, string | undefined>).DATABASE_URL;
const pidFile = path.join(dir, "pgdata", "postmaster.pid");

function soc(args: string[]) {
  return spawnSync(process.execPath, ["bin/soc.mjs", ...args], { env, encoding: "utf8", timeout: 120_000 });
}

afterAll(() => {
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    try {
      process.kill(pid, "SIGINT");
    } catch {}
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("embedded PostgreSQL", () => {
  it("initialises, migrates and stops cleanly", () => {
    const r = soc(["db", "migrate"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/embedded PostgreSQL listening/);
    expect(existsSync(path.join(dir, "pgdata", "PG_VERSION"))).toBe(true);
    expect(existsSync(pidFile)).toBe(false);
  }, 120_000);

  it("survives a parent killed with SIGKILL", async () => {
    // `soc db start` keeps the database up; kill it the hard way once the database is ready.
    const child = spawn(process.execPath, ["bin/soc.mjs", "db", "start"], { env, stdio: ["ignore", "pipe", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      let err = "";
      child.stderr.on("data", (b) => {
        err += String(b);
        if (/database up to date|migrations applied/.test(err)) resolve();
      });
      child.on("exit", () => reject(new Error(`exited early: ${err}`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 300));
    const again = soc(["customer", "add", "--slug", "after-kill", "--name", "再起動後"]);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).slug).toBe("after-kill");
    expect(existsSync(pidFile)).toBe(false);
  }, 120_000);
});
