import { expect, test } from "@playwright/test";
import { ADMIN, PASSWORD, signIn, soc } from "./fixtures";

test("admin creates a customer, a device and a customer user, who then signs in and sees only their organisation", async ({ page, browser }) => {
  const slug = `gamma-${Date.now().toString(36)}`;
  const serial = `SN${Date.now()}`;
  const email = `${slug}@gamma.example.jp`;
  await signIn(page, ADMIN);

  // Customer, with a bad CIDR first: the message appears next to the field and nothing is saved.
  await page.goto("/admin/customers/new");
  await page.locator("#field-slug").fill(slug);
  await page.locator("#field-name").fill("株式会社ガンマ");
  await page.locator("#field-internalNetworks").fill("10.0.0.0/8, 10.1.2.3/40");
  await page.getByRole("button", { name: "作成" }).click();
  await expect(page.locator('[data-field-error="internalNetworks"]')).toHaveText("CIDR 形式 (例: 192.0.2.0/24) で入力してください。");
  await expect(page.locator("#field-slug"), "what was typed is kept").toHaveValue(slug);
  await page.locator("#field-internalNetworks").fill("10.0.0.0/8, 172.16.0.0/12");
  await page.getByRole("button", { name: "作成" }).click();
  await expect(page).toHaveURL(/\/admin\/customers$/);
  await expect(page.getByTestId("customers-table")).toContainText(slug);

  // Device; a duplicate serial is refused at the field.
  await page.goto("/admin/devices/new");
  await page.locator("#field-customerSlug").selectOption(slug);
  await page.locator("#field-model").fill("PA-3220");
  await page.locator("#field-hostname").fill("gamma-utm");
  await page.locator("#field-ip").fill("192.0.2.13");
  await page.locator("#field-serial").fill(serial);
  await page.getByRole("button", { name: "作成" }).click();
  await expect(page).toHaveURL(/\/admin\/devices$/);
  await expect(page.getByTestId("devices-table")).toContainText(serial);
  await page.goto("/admin/devices/new");
  await page.locator("#field-customerSlug").selectOption(slug);
  await page.locator("#field-model").fill("PA-220");
  await page.locator("#field-hostname").fill("dup");
  await page.locator("#field-ip").fill("192.0.2.14");
  await page.locator("#field-serial").fill(serial);
  await page.getByRole("button", { name: "作成" }).click();
  await expect(page.locator('[data-field-error="serial"]')).toHaveText("このシリアル番号は既に登録されています。");

  // Customer user.
  await page.goto("/admin/users/new");
  await page.locator("#field-email").fill(email);
  await page.locator("#field-role").selectOption("customer");
  await page.locator("#field-customerSlug").selectOption(slug);
  await page.locator("#field-password").fill("short");
  await page.getByRole("button", { name: "作成" }).click();
  await expect(page.locator('[data-field-error="password"]')).toBeVisible();
  await page.locator("#field-password").fill(PASSWORD);
  await page.getByRole("button", { name: "作成" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByTestId("users-table")).toContainText(email);

  // Every change is in the audit log.
  await page.goto("/admin/audit");
  const audit = page.getByTestId("audit-table");
  await expect(audit).toContainText("customer.create");
  await expect(audit).toContainText("device.create");
  await expect(audit).toContainText("user.create");

  // The new user signs in and lands on their own organisation.
  const ctx = await browser.newContext();
  const customerPage = await ctx.newPage();
  await signIn(customerPage, email);
  await expect(customerPage).toHaveURL(new RegExp(`/customers/${slug}$`));
  await expect(customerPage.getByTestId("customer-name")).toHaveText("株式会社ガンマ");
  await expect(customerPage.getByTestId("device-table")).toContainText("gamma-utm");
  await expect(customerPage.locator("header")).not.toContainText("お客様管理");
  const admin = await customerPage.goto("/admin/customers");
  expect(admin?.status()).toBe(404);
  await ctx.close();
});

test("admin renames and disables a user: the change is audited and the user can no longer sign in", async ({ page, browser }) => {
  const email = `temp-${Date.now().toString(36)}@e2e.example`;
  soc(["user", "add", "--email", email, "--role", "analyst"], PASSWORD);
  await signIn(page, ADMIN);
  await page.goto("/admin/users");
  await page.getByRole("link", { name: email }).click();
  await page.locator("#field-name").fill("一時アナリスト");
  await page.locator("#field-disabled").check();
  // Through one reverse proxy: the client wrote the first address itself, the proxy appended the second.
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": "203.0.113.250, 192.0.2.77" });
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("保存しました。");
  await page.setExtraHTTPHeaders({});
  await page.goto("/admin/audit?entityType=user");
  await expect(page.getByTestId("audit-table")).toContainText("一時アナリスト");
  const entry = page.getByTestId("audit-table").locator("tbody tr", { hasText: "一時アナリスト" }).first();
  await expect(entry).toContainText("192.0.2.77");
  await expect(entry).not.toContainText("203.0.113.250");

  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await other.goto("/signin");
  await other.locator("#email").fill(email);
  await other.locator("#password").fill(PASSWORD);
  await other.locator("form button[type=submit]").click();
  await expect(other.locator(".form-error")).toBeVisible();
  await ctx.close();
});
