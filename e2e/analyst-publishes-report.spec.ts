import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { formatCount, formatPercent, formatPt } from "../lib/format/numbers";
import { signIn } from "./fixtures";
import { waitForMail } from "./mail";
import { SECTION_HEADINGS, editSection, flat, pdfText, reportTenant, staffUser, type ReportTenant } from "./report-fixtures";

// The monthly report from draft to the customer: an analyst opens the month's draft, edits two
// sections, submits and publishes it; the customer reads it online, answers a recommendation and
// downloads the PDF, whose text has every section heading of the sample and the month's figures;
// another customer gets 404 for all of it.

const OVERVIEW = "E2E 全体分析：今月は重大なインシデントはありませんでした。通信量は前月並みです。";
const URL_OTHER = "E2E その他：URL カテゴリ「proxy-avoidance-and-anonymizers」の通信をご確認ください。";
const REC = "業務で利用していない通信であれば遮断設定をご検討ください。";

test.describe.serial("an analyst publishes the month's report and the customer reads it", () => {
  let a: ReportTenant;
  let b: ReportTenant;
  let analyst: string;

  test.beforeAll(() => {
    a = reportTenant("rpa");
    b = reportTenant("rpb", { logs: false });
    analyst = staffUser(`analyst-${a.slug}@mamori.example`);
  });

  test("the analyst opens the draft, edits two sections, submits and publishes", async ({ page }) => {
    await signIn(page, analyst);
    await page.goto(`/customers/${a.slug}/reports`);
    await page.locator("#month").fill("2021-12");
    await page.getByTestId("create-draft").getByRole("button").click();
    await expect(page).toHaveURL(new RegExp(`/customers/${a.slug}/reports/2021-12/edit`));
    await expect(page.getByTestId("report-status")).toHaveText("ドラフト");

    // Mamori's draft is there before anyone writes.
    await expect(page.getByTestId("editor-overview").locator("textarea")).toHaveValue(/総ログ件数は前月と比較して/);
    await editSection(page, "overview", OVERVIEW);
    await editSection(page, "fn.url.other", URL_OTHER);
    await page.getByTestId("rec-tools-overview").locator("summary").click();
    await page.getByTestId("rec-form-overview").locator("textarea").fill(REC);
    await page.getByTestId("rec-form-overview").getByRole("button", { name: "追加" }).click();
    await expect(page.getByTestId("recommendations")).toContainText(REC);

    // Saved for real: a reload shows the analyst's texts.
    await page.reload();
    await expect(page.getByTestId("editor-overview").locator("textarea")).toHaveValue(OVERVIEW);
    await expect(page.getByTestId("editor-fn.url.other").locator("textarea")).toHaveValue(URL_OTHER);

    await page.getByTestId("report-submit").click();
    await expect(page.getByTestId("report-status")).toHaveText("レビュー中");
    await page.getByTestId("report-publish").click();
    await expect(page.getByTestId("report-status")).toHaveText("公開済み", { timeout: 90_000 });
    await expect(page.getByTestId("report")).toContainText(OVERVIEW);

    const mail = await waitForMail(a.contact, "2021年12月分を公開しました");
    expect(mail.text).toContain(`/customers/${a.slug}/reports/2021-12`);
  });

  test("the customer reads it online, answers the recommendation and downloads the PDF with every heading and the month's figures", async ({ page }) => {
    await signIn(page, a.user);
    await page.goto(`/customers/${a.slug}/reports`);
    await page.getByTestId("report-list").getByRole("link", { name: "2021-12" }).click();
    await expect(page.getByTestId("report-status")).toHaveText("公開済み");
    const report = page.getByTestId("report");
    await expect(page.getByTestId("report-cover")).toContainText(`${a.name} 御中`);
    await expect(page.getByTestId("report-cover")).toContainText("PaloAltoNetworks PA-3220");
    await expect(page.getByTestId("document-number")).toHaveText(`MR2112-${a.code}-01`);
    await expect(report).toContainText(OVERVIEW);
    await expect(report).toContainText(URL_OTHER);
    for (const h of ["1.1 全体分析", "2.1.3 日別通信検知数", "2.7.2 イベント トップ 10 詳細分析", "5. アラート通知履歴"]) await expect(report.getByRole("heading", { name: h, exact: true })).toBeVisible();
    // Contents link to their sections.
    await page.getByRole("navigation", { name: "目次" }).getByRole("link", { name: "2.1.4 送信元 IP トップ 10" }).click();
    await expect(page).toHaveURL(/#s-2-1-4$/);

    // The figures as the report data gives them.
    const api = await page.request.get(`/api/customers/${a.slug}/reports/2021-12`);
    expect(api.status()).toBe(200);
    const { data } = await api.json();
    const s = data.summary;
    expect(s.current.totalLogs).toBeGreaterThan(1000);
    await expect(report).toContainText(formatCount(s.current.totalLogs));

    // Answer the recommendation.
    const rec = report.getByTestId("recommendations").locator("li").filter({ hasText: REC });
    await rec.locator("form[data-testid$='-check'] button").click();
    await expect(rec.getByTestId("response")).toContainText("確認済み");

    // The PDF.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("report-pdf").click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = flat(pdfText(pdf));
    for (const h of SECTION_HEADINGS) expect(text, `heading ${h}`).toContain(flat(h));
    const figures = [
      formatCount(s.current.totalLogs),
      formatCount(s.previous.totalLogs),
      formatCount(s.current.blockedLogs),
      formatCount(s.previous.blockedLogs),
      formatPercent(s.current.blockedRatio),
      formatPercent(s.totalLogsRatio),
      formatPercent(s.blockedLogsRatio),
      formatPt(s.blockedRatioPt),
      ...["firewall", "url", "vulnerability", "spyware", "virus", "wildfire"].map((fn) => formatCount(data.functions[fn].totals.total)),
      data.functions.firewall.topSources[0].ip,
      formatCount(data.functions.firewall.topSources[0].current),
      formatCount(data.functions.firewall.topPorts[0].count),
      data.functions.url.topCategories[0].category,
      formatCount(data.functions.url.topCategories[0].count),
      flat(data.topEvents[0].name),
    ];
    for (const f of figures) expect(text, `figure ${f}`).toContain(f);
    expect(text).toContain(flat(OVERVIEW));
    expect(text).toContain(flat(REC));
    expect(text).toContain(`MR2112-${a.code}-01`);

    // The report's tables are doors: the top source IP opens the explorer with that filter,
    // and its events export as CSV.
    const top = data.functions.firewall.topSources[0];
    await page.getByTestId("report").getByRole("link", { name: top.ip, exact: true }).first().click(); // 2.1.4 comes before 2.1.5
    await expect(page).toHaveURL(new RegExp(`/customers/${a.slug}/events\\?.*src=${top.ip.replace(/\./g, "\\.")}`));
    await expect(page.getByTestId("event-table")).toBeVisible();
    const srcCells = page.getByTestId("event-table").locator("tbody tr td:nth-child(4)");
    expect(await srcCells.count()).toBeGreaterThan(0);
    for (const cell of await srcCells.all()) await expect(cell).toContainText(top.ip);
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv-export").click()]);
    const csvText = readFileSync((await csv.path())!, "utf8");
    const csvRows = csvText.trim().split("\r\n").slice(1);
    expect(csvRows.length).toBeGreaterThan(0);
    expect(csvRows.every((r) => r.split(",")[6] === top.ip)).toBe(true);
  });

  test("another customer gets 404 for the report's page, API, PDF and print view", async ({ page }) => {
    await signIn(page, b.user);
    for (const path of [`/customers/${a.slug}/reports`, `/customers/${a.slug}/reports/2021-12`, `/customers/${a.slug}/reports/2021-12/print`, `/customers/${a.slug}/reports/2021-12/edit`]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.locator("body")).not.toContainText(a.name);
    }
    for (const path of [`/api/customers/${a.slug}/reports`, `/api/customers/${a.slug}/reports/2021-12`, `/api/customers/${a.slug}/reports/2021-12/pdf`, `/api/customers/${a.slug}/reports/2021-12/pdf?v=1`]) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(404);
      expect(await res.text()).not.toContain(a.name);
    }
    // Their own month has no published report: 404 too, never a draft.
    expect((await page.goto(`/customers/${b.slug}/reports/2021-12`))?.status()).toBe(404);
  });

  test("the analyst sees the customer's answer", async ({ page }) => {
    await signIn(page, analyst);
    await page.goto(`/customers/${a.slug}/reports/2021-12`);
    await expect(page.getByTestId("report").getByTestId("recommendations")).toContainText("確認済み");
    await expect(page.getByTestId("report").getByTestId("recommendations")).toContainText(a.user);
  });
});
