import { expect, test } from "@playwright/test";
import { TENANT_A, TENANT_B, signIn } from "./fixtures";

test.describe("a customer user of tenant A", () => {
  test.beforeEach(async ({ page }) => signIn(page, TENANT_A.user));

  test("sees their own organisation", async ({ page }) => {
    await expect(page).toHaveURL(new RegExp(`/customers/${TENANT_A.slug}$`));
    await expect(page.getByTestId("customer-name")).toHaveText(TENANT_A.name);
    // The dashboard shows their latest month with logs: 4 firewall sessions, 1 blocked.
    const fw = page.getByTestId("month-to-date").locator('tr[data-fn="firewall"]');
    await expect(fw).toContainText("4");
    await expect(fw).toContainText("25.00%");
    await expect(page.getByTestId("daily-chart")).toBeVisible();
    // Their ingested logs: 2021-12, 4 firewall sessions of which 1 blocked (25.00%).
    await expect(page.getByTestId("log-summary").locator("tbody tr").first()).toContainText("2021-12");
    await expect(page.getByTestId("log-summary").locator("tbody tr").first()).toContainText("25.00%");
    const api = await page.request.get(`/api/customers/${TENANT_A.slug}`);
    expect(api.status()).toBe(200);
    expect((await api.json()).name).toBe(TENANT_A.name);
  });

  test("gets 404 for tenant B's pages and API, with nothing of B in the answer", async ({ page }) => {
    for (const path of [`/customers/${TENANT_B.slug}`, `/customers/no-such-customer`]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.locator("body")).not.toContainText(TENANT_B.name);
      expect(await page.title()).not.toContain(TENANT_B.name);
    }
    for (const path of [`/api/customers/${TENANT_B.slug}`, `/api/customers/${TENANT_B.slug}/devices`]) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(404);
      expect(await res.text()).not.toContain(TENANT_B.name);
    }
  });

  test("cannot open staff or admin pages", async ({ page }) => {
    for (const path of ["/customers", "/admin/customers", "/admin/devices", "/admin/users", "/admin/audit"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
    }
  });
});

test("signed-out visitors are sent to sign-in, and the API answers 401", async ({ page }) => {
  await page.goto(`/customers/${TENANT_A.slug}`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  const res = await page.request.get(`/api/customers/${TENANT_A.slug}`);
  expect(res.status()).toBe(401);
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/signin");
  await page.locator("#email").fill(TENANT_A.user);
  await page.locator("#password").fill("wrong-password-123");
  await page.locator("form button[type=submit]").click();
  await expect(page.locator(".form-error")).toHaveText("メールアドレスまたはパスワードが正しくありません。");
});

test("an analyst can open any customer; the UI switches to English", async ({ page }) => {
  await signIn(page, "analyst@e2e.example");
  await page.goto("/customers");
  await page.getByRole("link", { name: new RegExp(TENANT_B.name) }).click();
  await expect(page.getByTestId("customer-name")).toHaveText(TENANT_B.name);
  const admin = await page.goto("/admin/users");
  expect(admin?.status()).toBe(404);
  await page.goto("/settings");
  await page.locator("#locale").selectOption("en");
  await page.getByRole("button", { name: "OK" }).click();
  await expect(page.locator("header")).toContainText("Sign out");
  await page.locator("#locale").selectOption("ja");
  await page.getByRole("button", { name: "OK" }).click();
  await expect(page.locator("header")).toContainText("サインアウト");
});
