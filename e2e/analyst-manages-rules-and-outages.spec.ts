import { expect, test } from "@playwright/test";
import { trafficLine } from "../lib/ingest/test-lines";
import { ANALYST, signIn, soc } from "./fixtures";
import { ingestLines, socTenant } from "./soc-fixtures";

test("an analyst imports a threat-intel list, writes a rule on it, and the next ingest raises the rule's alert", async ({ page }) => {
  const t = socTenant("rules");
  const listName = `E2E bad IPs ${t.slug}`;
  await signIn(page, ANALYST);
  await page.getByRole("link", { name: "検知ルール" }).click();
  await page.getByRole("link", { name: "脅威インテリジェンスリスト" }).click();
  await page.locator("#field-name").fill(listName);
  await page.locator("#field-kind").selectOption("ip");
  await page.locator("#field-source").fill("e2e-feed");
  await page.locator("#field-customerSlug").selectOption(t.slug);
  await page.getByRole("button", { name: "作成" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(listName);

  // Import: one good line, one defanged network, one bad line reported with its number.
  await page.locator("#field-text").fill("# test feed\n203.0.113.77\n198.51.100[.]0/28,other-feed,2099-01-01\nnot-an-ip");
  await page.getByTestId("import-form").getByRole("button", { name: "取り込み" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("2 件を読み込みました: 追加 2");
  await expect(page.getByTestId("import-summary")).toContainText("4 行目");
  await expect(page.getByTestId("entries-table")).toContainText("203.0.113.77");
  await expect(page.getByTestId("entries-table")).toContainText("198.51.100.0/28");

  // A rule on the list; a bad window is refused next to the field.
  await page.goto("/rules/new");
  await page.locator("#field-name").fill(`E2E access from listed IP ${t.slug}`);
  await page.locator("#field-priority").fill("5");
  await page.locator("#field-level").selectOption("fatal");
  await page.locator("#field-customerSlug").selectOption(t.slug);
  await page.locator("#field-functions").fill("firewall");
  await page.locator("#field-listId").selectOption({ label: `${listName} (ip)` });
  await page.locator("#field-listField").selectOption("src");
  await page.locator("#field-windowMinutes").fill("0");
  await page.getByRole("button", { name: "作成" }).click();
  await expect(page.locator('[data-field-error="windowMinutes"]')).toHaveText("形式が正しくありません。");
  await expect(page.locator("#field-name")).toHaveValue(`E2E access from listed IP ${t.slug}`);
  await page.locator("#field-windowMinutes").fill("30");
  await page.getByRole("button", { name: "作成" }).click();
  await expect(page).toHaveURL(/\/rules$/);
  await expect(page.getByTestId("rules-table")).toContainText(`E2E access from listed IP ${t.slug}`);

  ingestLines(t.slug, [
    trafficLine({ time: "2021/12/04 09:43:00", serial: t.serial, src: "203.0.113.77", dst: "192.0.2.214", dport: 22 }),
    trafficLine({ time: "2021/12/04 09:44:00", serial: t.serial, src: "203.0.113.77", dst: "192.0.2.214", dport: 22 }),
    trafficLine({ time: "2021/12/04 09:45:00", serial: t.serial, src: "198.51.100.9", dst: "192.0.2.215", dport: 80 }),
    trafficLine({ time: "2021/12/04 09:46:00", serial: t.serial, src: "198.51.100.99", dst: "192.0.2.215", dport: 80 }), // outside the /28
  ]);
  await page.goto(`/alerts?customer=${t.slug}`);
  const rows = page.getByTestId("alert-queue").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "203.0.113.77" })).toContainText(`E2E access from listed IP ${t.slug}`);
  await expect(rows.filter({ hasText: "203.0.113.77" }).locator("td.num")).toHaveText("2");
  await expect(rows.filter({ hasText: "198.51.100.9" }).locator("[data-level]")).toHaveText("Fatal");
});

test("an analyst records work and an outage; the customer sees the work, and the report shows the downtime", async ({ page, browser }) => {
  const t = socTenant("outage");
  await signIn(page, ANALYST);
  await page.goto(`/customers/${t.slug}/work`);
  await page.locator("#field-date").fill("2021-12-10");
  await page.locator("#field-content").fill("監視機器に特定のサイト(2件)への通信を遮断する設定を追加");
  await page.getByRole("button", { name: "登録" }).click();
  await expect(page.getByTestId("work-table")).toContainText("監視機器に特定のサイト(2件)");

  await page.getByRole("link", { name: "サービス障害" }).click();
  await page.locator("#field-customerSlug").selectOption(t.slug);
  await page.locator("#field-startAt").fill("2021-12-10 10:00");
  await page.locator("#field-endAt").fill("2021-12-10 09:00");
  await page.locator("#field-cause").fill("ログ転送の停止");
  await page.getByRole("button", { name: "記録" }).click();
  await expect(page.locator('[data-field-error="endAt"]')).toHaveText("終了は開始より後にしてください。");
  await page.locator("#field-endAt").fill("2021-12-10 13:00");
  await page.getByRole("button", { name: "記録" }).click();
  await expect(page.getByTestId("outages-table")).toContainText("ログ転送の停止");

  const report = JSON.parse(soc(["report", "data", "--customer", t.slug, "--month", "2021-12"]));
  expect(report.availability).toMatchObject({ availability: 99.6, downtimeHours: 3, note: "ログ転送の停止" });
  expect(report.workCounts).toEqual({ total: 1, done: 1, open: 0 });

  const ctx = await browser.newContext();
  const customer = await ctx.newPage();
  await signIn(customer, t.user);
  await customer.getByRole("link", { name: "作業履歴" }).click();
  await expect(customer.getByTestId("work-table")).toContainText("監視機器に特定のサイト(2件)");
  await expect(customer.getByTestId("work-table")).toContainText("対応済み");
  await expect(customer.locator("#field-content")).toHaveCount(0);
  await ctx.close();
});
