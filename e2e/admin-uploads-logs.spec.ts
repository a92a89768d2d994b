import { spawn, type ChildProcess } from "node:child_process";
import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { threatLine, trafficLine } from "../lib/ingest/test-lines";
import { ADMIN, PASSWORD, signIn, soc } from "./fixtures";

// An admin uploads a gzip log; a real `soc worker` process ingests it; the job page shows the
// counts and rejected lines; the customer then finds the events in their explorer.

const slug = `upload-${Date.now().toString(36)}`;
const serial = `SNUP${Date.now()}`;
const customerUser = `${slug}@upload.example.jp`;
let worker: ChildProcess | null = null;

test.beforeAll(() => {
  soc(["customer", "add", "--slug", slug, "--name", "株式会社アップロード", "--internal", "10.0.0.0/8"]);
  soc(["device", "add", "--customer", slug, "--hostname", `${slug}-fw`, "--serial", serial, "--model", "PA-220", "--ip", "192.0.2.1"]);
  soc(["user", "add", "--email", customerUser, "--role", "customer", "--customer", slug], PASSWORD);
  worker = spawn(process.execPath, ["bin/soc.mjs", "worker", "--no-retention"], { env: process.env, stdio: "ignore" });
});

test.afterAll(() => {
  worker?.kill("SIGTERM");
});

test("admin uploads a gzip log file, watches the job finish, downloads the rejected lines, and the customer sees the events", async ({ page, browser }) => {
  const lines = [
    ...Array.from({ length: 12 }, (_, i) => trafficLine({ time: `2021/11/${String(3 + (i % 5)).padStart(2, "0")} 09:00:${String(i).padStart(2, "0")}`, serial, src: "10.7.7.7", dst: "203.0.113.9" })),
    threatLine({ time: "2021/11/04 10:00:00", serial, subtype: "vulnerability", threat: "Upload Exploit(41999)", severity: "high", action: "reset-both" }),
    "this line is not a log",
    trafficLine({ time: "2021/11/05 10:00:00", serial: "SN-NOT-OURS" }),
  ];
  await signIn(page, ADMIN);
  await page.goto("/admin/jobs");

  // A file that is not a log is refused next to the field.
  await page.locator("#upload-customer").selectOption(slug);
  await page.locator("#upload-file").setInputFiles({ name: "diagram.png", mimeType: "image/png", buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), Buffer.alloc(2000, 3)]) });
  await page.getByRole("button", { name: "アップロードして取り込む" }).click();
  await expect(page.locator('[data-field-error="file"]')).toHaveText("ログファイルではありません：先頭がテキストでも gzip でもありません。");
  await expect(page).toHaveURL(/\/admin\/jobs$/);

  // The gzip log is taken, queued and ingested by the worker.
  await page.locator("#upload-file").setInputFiles({ name: "fw-2021-11.log.gz", mimeType: "application/gzip", buffer: gzipSync(lines.join("\n") + "\n") });
  await page.getByRole("button", { name: "アップロードして取り込む" }).click();
  await expect(page).toHaveURL(/\/admin\/jobs\/\d+$/);
  const jobPage = page.url();
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "done", { timeout: 45_000 });
  await expect(page.getByTestId("job-lines")).toHaveText("15");
  await expect(page.getByTestId("job-accepted")).toHaveText("13");
  await expect(page.getByTestId("job-rejected")).toHaveText("2");
  await expect(page.getByTestId("job-percent")).toHaveText("100%");
  const rejects = page.getByTestId("rejects-table").locator("tbody tr");
  await expect(rejects).toHaveCount(2);
  await expect(rejects.nth(1)).toContainText("SN-NOT-OURS");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("rejects-download").click()]);
  const csv = Buffer.concat((await (await download.createReadStream()).toArray()) as Buffer[]).toString("utf8");
  const rows = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(rows[0]).toBe("line,reason,excerpt");
  expect(rows).toHaveLength(3);
  expect(rows[1]).toMatch(/^14,/);
  expect(rows[2]).toMatch(/^15,.*SN-NOT-OURS/);

  // The jobs list shows it too, also filtered to this customer's finished jobs, and not under "failed".
  await page.goto("/admin/jobs");
  await expect(page.getByTestId("jobs-table")).toContainText("fw-2021-11.log.gz");
  const filter = page.getByTestId("jobs-filter");
  await filter.locator('select[name="customer"]').selectOption(slug);
  await filter.locator('select[name="status"]').selectOption("done");
  await filter.getByRole("button", { name: "絞り込み" }).click();
  await expect(page).toHaveURL(new RegExp(`customer=${slug}&status=done`));
  await expect(page.getByTestId("jobs-table").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("jobs-table")).toContainText("fw-2021-11.log.gz");
  await page.goto(`/admin/jobs?customer=${slug}&status=failed`);
  await expect(page.getByTestId("jobs-table").locator("tbody tr")).toHaveCount(0);
  await expect(page.getByText("条件に合うジョブはありません。")).toBeVisible();

  // The customer finds the events in their explorer.
  const context = await browser.newContext();
  const customer = await context.newPage();
  await signIn(customer, customerUser);
  await customer.goto(`/customers/${slug}`);
  await expect(customer.getByTestId("log-summary")).toContainText("2021-11");
  await customer.goto(`/customers/${slug}/events?from=2021-11-01&to=2021-12-01`);
  await expect(customer.getByTestId("event-table").locator("tbody tr")).toHaveCount(13);
  await expect(customer.getByTestId("event-table")).toContainText("10.7.7.7");
  // Uploads and jobs are the admin's: a customer gets 404, a signed-out caller 401.
  const jobId = /\/admin\/jobs\/(\d+)/.exec(download.url())?.[1] ?? "1";
  expect((await customer.goto("/admin/jobs"))?.status()).toBe(404);
  expect((await customer.request.get(`/api/admin/jobs/${jobId}/rejects`)).status()).toBe(404);
  const post = await customer.request.post("/api/admin/uploads", { multipart: { customer: slug, file: { name: "x.log", mimeType: "text/plain", buffer: Buffer.from(lines.join("\n")) } } });
  expect(post.status()).toBe(404);
  await context.close();
  const anonymous = await browser.newContext();
  expect((await anonymous.request.post("/api/admin/uploads", { multipart: { customer: slug } })).status()).toBe(401);
  await anonymous.close();

  // Later, retention deletes the file's rejected lines with its original lines (lib/retention): the
  // job page says so next to the count that stays, instead of "no rejected lines", and offers no CSV.
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(`DELETE FROM ingest_rejects WHERE file_id = (SELECT file_id FROM ingest_jobs WHERE id = $1)`, [/(\d+)$/.exec(jobPage)![1]]);
  await db.end();
  await page.goto(jobPage);
  await expect(page.getByTestId("job-rejected")).toHaveText("2");
  await expect(page.getByTestId("rejects-empty")).toHaveText("除外された 2 行は、保存期間を過ぎた元のログ行とともに削除されました。");
  await expect(page.getByTestId("rejects-download")).toHaveCount(0);
});
