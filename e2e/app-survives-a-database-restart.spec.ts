import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startEmbeddedPostgres, type EmbeddedHandle } from "../lib/db/embedded";
import { ensureDatabase, migrate } from "../lib/db/migrate";
import { PASSWORD, TOTP_SECRET, totpCode } from "./fixtures";
import { freePort } from "../lib/cli/http-session";

// The web app while its database restarts: requests fail cleanly (health 503, the error page —
// no stack, no connection string), the server process stays up, and once PostgreSQL is back the
// same signed-in session works again. The database is a private embedded PostgreSQL on a free
// port and so is this app server: the shared PostgreSQL is never touched.

test.describe.configure({ mode: "serial" });

const dir = mkdtempSync(path.join(tmpdir(), "mamori-e2e-dbrestart-"));
let pgPort = 0;
let db: EmbeddedHandle | null = null;
let app: ChildProcess | null = null;
let base = "";


async function health(): Promise<number> {
  return fetch(`${base}/api/health`).then(
    (r) => r.status,
    () => 0,
  );
}

async function waitFor(status: number, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if ((await health()) === status) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`/api/health never answered ${status}`);
}

test.beforeAll(async () => {
  pgPort = await freePort();
  db = await startEmbeddedPostgres({ dir, port: pgPort });
  await ensureDatabase(db.url);
  await migrate(db.url);
  const env = { ...process.env, DATABASE_URL: db.url };
  execFileSync(process.execPath, ["bin/soc.mjs", "user", "add", "--email", "restart-admin@e2e.example", "--role", "admin"], { input: PASSWORD, env, stdio: ["pipe", "pipe", "pipe"] });
  // Admins sign in with two-factor: enrol with the suite's known secret (fixtures.ts).
  execFileSync(process.execPath, ["bin/soc.mjs", "user", "totp", "--email", "restart-admin@e2e.example", "--secret", TOTP_SECRET], { env, stdio: ["pipe", "pipe", "pipe"] });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...env, NEXTAUTH_URL: base, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-secret-not-for-production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  await waitFor(200, 120_000);
});

test.afterAll(async () => {
  app?.kill("SIGTERM");
  await db?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

test("requests fail cleanly while PostgreSQL is down and work again when it is back", async ({ browser }) => {
  const page = await (await browser.newContext({ baseURL: base })).newPage();
  await page.goto("/signin");
  await page.locator("#email").fill("restart-admin@e2e.example");
  await page.locator("#password").fill(PASSWORD);
  await page.locator("#code").fill(totpCode());
  await page.locator("form button[type=submit]").click();
  await expect(page.getByTestId("current-user")).toHaveText("restart-admin@e2e.example");
  expect((await page.goto("/admin/customers"))?.status()).toBe(200);

  await db!.stop();
  expect(await health()).toBe(503);
  const down = await page.goto("/admin/customers");
  expect(down?.status()).toBeGreaterThanOrEqual(500);
  const text = await page.content();
  for (const secret of ["postgres:postgres", "ECONNREFUSED", "at async", String(pgPort)]) expect(text, "the error page shows no internals").not.toContain(secret);
  const api = await page.request.get("/api/customers/nobody");
  expect(api.status()).toBeGreaterThanOrEqual(500);
  expect(await api.text()).not.toContain("postgres:postgres");
  expect(app!.exitCode, "the app server is still running").toBeNull();

  db = await startEmbeddedPostgres({ dir, port: pgPort });
  await waitFor(200);
  expect((await page.goto("/admin/customers"))?.status()).toBe(200);
  await expect(page.getByTestId("current-user")).toHaveText("restart-admin@e2e.example");
  console.log(`fault: web app survived a PostgreSQL restart (health 503 while down, error page, same session afterwards)`);
});
