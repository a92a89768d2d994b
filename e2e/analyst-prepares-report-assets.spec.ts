import { expect, test } from "@playwright/test";
import { PNG_1x1 } from "./report-images";
import { ADMIN, signIn } from "./fixtures";
import { writeFileSync } from "node:fs";
import { flat, pdfPages, pdfText, reportTenant, staffUser } from "./report-fixtures";

// What the logs cannot give: the network diagram (validated upload), the provider's branding, an
// イベント説明 written once in the knowledge base and reused for another customer, a table of
// selected events in その他 — and the print view Chromium prints with the sample's page header.

test("diagram, branding, knowledge reused across customers, an event table, and the print view", async ({ browser }, testInfo) => {
  test.setTimeout(480_000); // the longest journey: about 70 s alone here, two to three times that on CI
  const t = reportTenant("rpd");
  const u = reportTenant("rpe");
  const analyst = staffUser(`assets-${t.slug}@mamori.example`);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, analyst);

  // Network diagram: a script-carrying SVG is refused at the field; a PNG is accepted and shown.
  await page.goto(`/customers/${t.slug}/reports`);
  const upload = page.getByTestId("diagram-upload");
  await upload.locator("input[type=file]").setInputFiles({ name: "evil.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
  await upload.getByRole("button", { name: "アップロード" }).click();
  await expect(upload.locator('[data-field-error="file"]')).toHaveText("スクリプトや外部参照を含む SVG は使えません。");
  await upload.locator("input[type=file]").setInputFiles({ name: "not-really.png", mimeType: "image/png", buffer: Buffer.from("GIF89a-not-a-png") });
  await upload.getByRole("button", { name: "アップロード" }).click();
  await expect(upload.locator('[data-field-error="file"]')).toContainText("PNG・JPEG・SVG");
  await upload.locator("input[type=file]").setInputFiles({ name: "network.png", mimeType: "image/png", buffer: PNG_1x1 });
  await upload.getByRole("button", { name: "アップロード" }).click();
  await expect(page.getByTestId("current-diagram")).toBeVisible();

  // Draft; the first top event's description goes into the knowledge base.
  await page.locator("#month").fill("2021-12");
  await page.getByTestId("create-draft").getByRole("button").click();
  await expect(page.getByTestId("network-diagram")).toBeVisible();
  const kb = page.locator("[data-testid^='kb-']").first();
  const threatId = (await kb.getAttribute("data-testid"))!.slice(3);
  const description = `E2E ナレッジ：脅威 ${threatId} の説明（全お客様共通）。`;
  await kb.locator("textarea").fill(description);
  await expect(kb.locator(`[data-testid='kb-${threatId}-state']`)).toHaveText("保存しました", { timeout: 15_000 });

  // A table of selected events in 1.2.2 その他: a bad address is refused next to the field.
  await page.getByTestId("event-tools-fn.url.other").locator("summary").click();
  const form = page.getByTestId("event-form-fn.url.other");
  await form.locator("input[name=srcIp]").fill("999.1.1.1");
  await form.getByRole("button", { name: "イベント表を追加" }).click();
  await expect(form.locator('[data-field-error="srcIp"]')).toHaveText("IP アドレスの形式が正しくありません。");
  await form.locator("input[name=srcIp]").fill("");
  await form.locator("input[name=title]").fill("許可された URL アクセス（上位）");
  await form.locator("select[name=action]").selectOption("allowed");
  await form.locator("input[name=limit]").fill("5");
  await form.getByRole("button", { name: "イベント表を追加" }).click();
  const table = page.getByTestId("event-table").first();
  await expect(table).toContainText("許可された URL アクセス（上位）");
  await expect(table.locator("tbody tr")).toHaveCount(5);

  // The other customer's draft shows the same description from the knowledge base.
  await page.goto(`/customers/${u.slug}/reports/2021-12`);
  await page.getByTestId("create-draft").getByRole("button").click();
  await expect(page.getByTestId(`kb-${threatId}`).locator("textarea")).toHaveValue(description); // same generated month, same top events
  await page.goto(`/knowledge/${threatId}`);
  await expect(page.getByTestId("knowledge-history")).toContainText(description);

  // Branding (admin): the provider's name on the cover and in the print view's footer.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN);
  await admin.goto("/settings/branding");
  const provider = `E2E セキュリティ株式会社 ${t.slug}`;
  await admin.locator("#providerName").fill(provider);
  await admin.locator("#logo").setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await admin.getByRole("button", { name: "保存" }).click();
  await expect(admin.locator('[data-field-error="logo"]')).toContainText("ロゴは PNG・JPEG のみ");
  await admin.locator("#logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG_1x1 });
  await admin.getByRole("button", { name: "保存" }).click();
  await expect(admin.getByRole("status")).toHaveText("保存しました。");

  // Print view, printed by Chromium: A4, the sample's page header on every page after the cover.
  await page.goto(`/customers/${t.slug}/reports/2021-12/print`);
  await expect(page.getByTestId("report-cover")).toContainText(provider);
  await expect(page.getByTestId("report")).toContainText("許可された URL アクセス（上位）");
  const printed = await page.pdf({ format: "A4", preferCSSPageSize: true });
  const text = flat(pdfText(printed));
  expect(text).toContain(flat(`文書番号：MR2112-${t.code}-01`));
  expect(text).toContain(flat("セキュリティ運用監視サービス 月次分析レポート"));
  expect(text).toContain("作成日：");
  expect(text).toContain(flat(description));
  expect(text).toMatch(/2\/\d+/); // page numbers
  writeFileSync(testInfo.outputPath("print-view.pdf"), printed);
  expect(pdfPages(printed)).toBeGreaterThan(10);
});
