import { expect, test } from "@playwright/test";
import { ANALYST, signIn } from "./fixtures";
import { waitForMail } from "./mail";
import { periodNow, socTenant } from "./soc-fixtures";

test("a customer files an inquiry, the SOC answers, the customer is e-mailed and reads the answer in the thread", async ({ page, browser }) => {
  const t = socTenant("inquiry");
  await signIn(page, t.user);
  await page.getByRole("link", { name: "お問い合わせ" }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${t.slug}/inquiries$`));

  // Empty fields are refused next to the fields.
  await page.getByRole("button", { name: "送信" }).click();
  await expect(page.locator('[data-field-error="subject"]')).toHaveText("入力してください。");
  await expect(page.locator('[data-field-error="body"]')).toHaveText("入力してください。");
  await page.locator("#field-subject").fill("12月4日アラートについて");
  await page.locator("#field-body").fill("下記の通り問合せ。\n・サイトの悪性情報");
  await page.getByRole("button", { name: "送信" }).click();
  const number = `CN${periodNow()}001`;
  await expect(page.getByTestId("inquiry-number")).toHaveText(number);
  await expect(page.locator("[data-status]")).toHaveText("未対応");
  const inquiryUrl = new URL(page.url()).pathname;

  // The analyst finds it in the queue and answers.
  const ctx = await browser.newContext();
  const analyst = await ctx.newPage();
  await signIn(analyst, ANALYST);
  await analyst.goto("/inquiries");
  await analyst.getByTestId("inquiry-queue").getByRole("link", { name: number }).first().click();
  await expect(analyst).toHaveURL(new RegExp(`${inquiryUrl}$`));
  await analyst.locator("#field-body").first().fill("下記の通り回答。\n・DNS ポイズニング等の悪性情報が報告されているサイト。");
  await analyst.getByRole("button", { name: "回答を送信" }).click();
  await expect(analyst.getByTestId("inquiry-thread").locator('[data-from="staff"]')).toContainText("DNS ポイズニング等");
  await ctx.close();

  // The customer is told by e-mail, and reads the answer in the portal.
  const mail = await waitForMail(t.user, number);
  expect(mail.subject).toBe(`[Mamori] 問合せ ${number} への回答: 12月4日アラートについて`);
  expect(mail.recipients).toEqual(expect.arrayContaining([t.user, t.contact]));
  expect(mail.text).toContain("DNS ポイズニング等の悪性情報が報告されているサイト。");
  await page.reload();
  await expect(page.getByTestId("inquiry-thread").locator('[data-from="staff"]')).toContainText("DNS ポイズニング等の悪性情報が報告されているサイト。");
  await expect(page.locator("[data-status]").first()).toHaveText("対応済み");
  await page.goto(`/customers/${t.slug}/inquiries`);
  await expect(page.getByTestId("inquiries-table")).toContainText("対応済み");

  // The customer follows up; the thread shows both sides and the inquiry is open again.
  await page.goto(inquiryUrl);
  await page.locator("#field-body").fill("ありがとうございました。");
  await page.getByRole("button", { name: "返信を送信" }).click();
  await expect(page.getByTestId("inquiry-thread").locator('[data-from="customer"]')).toContainText("ありがとうございました。");
  await expect(page.locator("[data-status]").first()).toHaveText("未対応");
  const api = await page.request.get(`/api/customers/${t.slug}/inquiries`);
  expect(((await api.json()) as { number: string }[]).map((q) => q.number)).toEqual([number]);
});
