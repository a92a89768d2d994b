import { expect, test } from "@playwright/test";
import { TENANT_A, TENANT_B, signIn } from "./fixtures";

test("a customer drills from the monthly log count into the explorer, filters by source, opens an event and exports CSV", async ({ page }) => {
  await signIn(page, TENANT_A.user);
  // The blocked count of December opens the explorer with that filter.
  await page.getByTestId("log-summary").getByRole("link", { name: "2021-12" }).click();
  await expect(page).toHaveURL(/\/events\?from=2021-12-01&to=2022-01-01/);
  await expect(page.getByTestId("event-table").locator("tbody tr")).toHaveCount(3);

  await page.locator("#f-src").fill("10.1.1.2");
  await page.getByRole("button", { name: "検索" }).click();
  await expect(page).toHaveURL(/src=10\.1\.1\.2/);
  const rows = page.getByTestId("event-table").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("deny");

  await rows.first().getByRole("link").click();
  await expect(page.getByTestId("event-record")).toContainText("10.1.1.2");
  await expect(page.getByTestId("event-raw")).toContainText("TRAFFIC,deny");

  await page.goBack();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv-export").click()]);
  const csv = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(csv as Buffer[]).toString("utf8");
  expect(text.trim().split("\r\n")).toHaveLength(2);
  expect(text).toContain("10.1.1.2");

  // A malformed filter is refused next to the field.
  await page.locator("#f-src").fill("10.1.1.300");
  await page.getByRole("button", { name: "検索" }).click();
  await expect(page.locator('[data-field-error="src"]')).toBeVisible();
});

test("another customer's events are not reachable by URL or API", async ({ page }) => {
  await signIn(page, TENANT_B.user);
  for (const path of [`/customers/${TENANT_A.slug}/events`, `/customers/${TENANT_A.slug}/events?src=10.1.1.2`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
  }
  for (const path of [`/api/customers/${TENANT_A.slug}/events`, `/api/customers/${TENANT_A.slug}/events/export`]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(404);
    expect(await res.text()).not.toContain("10.1.1.");
  }
  // Tenant B's own explorer shows none of A's events.
  await page.goto(`/customers/${TENANT_B.slug}/events?from=2021-12-01&to=2022-01-01`);
  await expect(page.getByTestId("event-table")).toHaveCount(0);
});
