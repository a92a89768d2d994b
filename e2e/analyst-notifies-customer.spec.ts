import { expect, test } from "@playwright/test";
import { threatLine } from "../lib/ingest/test-lines";
import { ANALYST, signIn } from "./fixtures";
import { waitForMail } from "./mail";
import { ingestLines, periodNow, socTenant } from "./soc-fixtures";

test("an ingested malicious-URL log raises an alert; the analyst notifies it; the customer gets the numbered e-mail and sees it in the portal", async ({ page, browser }) => {
  const t = socTenant("notify");
  const summary = ingestLines(t.slug, [
    threatLine({ time: "2021/12/04 09:43:05", serial: t.serial, subtype: "url", src: "192.0.2.25", dst: "198.51.100.13", url: "example1.jp/dns-poison", category: "malware", action: "alert" }),
    threatLine({ time: "2021/12/04 09:50:00", serial: t.serial, subtype: "url", src: "192.0.2.26", dst: "198.51.100.14", url: "news.example/", category: "news" }),
    threatLine({ time: "2021/12/05 10:00:00", serial: t.serial, subtype: "url", src: "192.0.2.27", dst: "198.51.100.15", url: "phish.example/login", category: "phishing", action: "block-url" }),
  ]);
  expect(summary).toMatchObject({ accepted: 3, rejected: 0 });

  // The analyst's queue shows the two alerts of this customer, newest first.
  await signIn(page, ANALYST);
  await page.goto(`/alerts?customer=${t.slug}`);
  const queue = page.getByTestId("alert-queue");
  await expect(queue.locator("tbody tr")).toHaveCount(2);
  await expect(queue.locator("tbody tr").nth(1)).toContainText("URL-Paloalto-Malicious Category");
  await expect(queue.locator("tbody tr").nth(1).locator("[data-level]")).toHaveText("Critical");
  await expect(queue.locator("tbody tr").nth(0).locator("[data-level]")).toHaveText("Minor"); // blocked phishing
  await page.goto(`/alerts?customer=${t.slug}&level=critical`);
  await expect(queue.locator("tbody tr")).toHaveCount(1);
  await queue.locator("tbody tr a").first().click();

  // The alert page: facts and the event behind it.
  await expect(page.getByTestId("alert-facts")).toContainText("2021-12-04 09:43:05");
  await expect(page.getByTestId("alert-facts")).toContainText("example1[.]jp/dns-poison");
  await expect(page.getByTestId("alert-events")).toContainText("192.0.2.25");
  const alertUrl = page.url();
  const alertId = alertUrl.split("/").pop()!;

  // Triage and an internal note, then notify with the analysis for the customer.
  await page.getByTestId("triage-form").locator("#field-status").selectOption("investigating");
  await page.getByTestId("triage-form").getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("alert-facts").locator("[data-status]")).toHaveText("調査中");
  await page.locator("textarea[name=body]").fill("社内メモ: DNS ポイズニングの報告あり");
  await page.getByRole("button", { name: "メモを追加" }).click();
  await expect(page.getByTestId("alert-notes")).toContainText("社内メモ");
  await page.getByTestId("notify-form").locator("#field-analysis").fill("DNS ポイズニングを行うサイトと情報があり、悪性情報が確認されました。");
  await page.getByTestId("notify-form").getByRole("button", { name: "通知する" }).click();
  const number = `TR${periodNow()}-${t.code}-00001`;
  await expect(page.getByTestId("notification-number")).toHaveText(number);
  await expect(page.getByTestId("mail-status")).toHaveText("送信済み");

  // The customer's contact receives the numbered e-mail.
  const mail = await waitForMail(t.contact, number);
  expect(mail.subject).toBe(`[Mamori] アラート通知 ${number} URL フィルタリング Critical: URL-Paloalto-Malicious Category`);
  expect(mail.from).toContain("soc@mamori.example");
  expect(mail.text).toContain(`${t.name} 御中`);
  expect(mail.text).toContain("DNS ポイズニングを行うサイトと情報があり");
  expect(mail.text).toContain(`/customers/${t.slug}/alerts/${alertId}`);

  // The customer sees the notified alert (and only that one), with the analysis but not the note.
  const ctx = await browser.newContext();
  const customer = await ctx.newPage();
  await signIn(customer, t.user);
  // Their dashboard lists it among the latest notified alerts, and counts it (December, Critical).
  await expect(customer.getByTestId("latest-alerts")).toContainText(number);
  await expect(customer.getByTestId("alert-levels").locator("tbody tr").filter({ hasText: "Critical" }).locator("td").nth(2)).toHaveText("1");
  await customer.getByRole("link", { name: "アラート通知" }).click();
  const list = customer.getByTestId("alerts-table");
  await expect(list.locator("tbody tr")).toHaveCount(1);
  await expect(list).toContainText(number);
  await list.locator("tbody tr a").first().click();
  await expect(customer.getByTestId("notification-number")).toHaveText(number);
  await expect(customer.getByTestId("alert-notification")).toContainText("DNS ポイズニングを行うサイト");
  await expect(customer.locator("body")).not.toContainText("社内メモ");
  await expect(customer.getByTestId("notify-form")).toHaveCount(0);
  const api = await customer.request.get(`/api/customers/${t.slug}/alerts`);
  expect(api.status()).toBe(200);
  const rows = (await api.json()) as { id: string; notification: { number: string } }[];
  expect(rows.map((r) => [r.id, r.notification.number])).toEqual([[alertId, number]]);
  // A customer cannot notify or triage, even their own alert.
  expect((await customer.request.post(`/api/customers/${t.slug}/alerts/${alertId}/notify`, { data: {} })).status()).toBe(404);
  expect((await customer.request.patch(`/api/customers/${t.slug}/alerts/${alertId}`, { data: { status: "closed", level: "minor", closeReason: "no_impact" } })).status()).toBe(404);
  await ctx.close();
});
