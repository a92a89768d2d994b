import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";
import { editSection, reportTenant, staffUser } from "./report-fixtures";

// Two analysts in the same section of the same draft: the second save from a stale text gets a
// conflict showing the first analyst's words — never a silent overwrite — and either choice is explicit.

test("two analysts editing the same section get a conflict, not a silent overwrite", async ({ browser }) => {
  const t = reportTenant("rpc");
  const one = staffUser(`one-${t.slug}@mamori.example`);
  const two = staffUser(`two-${t.slug}@mamori.example`);
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  const pa = await ctxA.newPage();
  const pb = await ctxB.newPage();
  await signIn(pa, one);
  await signIn(pb, two);
  const edit = `/customers/${t.slug}/reports/2021-12/edit`;
  await pa.goto(`/customers/${t.slug}/reports/2021-12`);
  await pa.getByTestId("create-draft").getByRole("button").click();
  await expect(pa).toHaveURL(new RegExp(edit));
  await pb.goto(edit);

  // Both started from Mamori's draft; A saves first.
  await editSection(pa, "overview", "A が書いた全体分析です。");
  const b = pb.getByTestId("editor-overview");
  await b.locator("textarea").fill("B が書いた全体分析です。");
  await expect(b.getByTestId("editor-overview-state")).toHaveText("他の担当者が先に保存しました", { timeout: 15_000 });
  await expect(b.getByTestId("editor-overview-conflict")).toContainText("A が書いた全体分析です。");
  await expect(b.getByTestId("editor-overview-conflict")).toContainText(one);
  // Nothing of B's reached the database.
  await pa.reload();
  await expect(pa.getByTestId("editor-overview").locator("textarea")).toHaveValue("A が書いた全体分析です。");

  // B takes A's text and continues from it.
  await b.getByRole("button", { name: "相手の文章を使う" }).click();
  await expect(b.locator("textarea")).toHaveValue("A が書いた全体分析です。");
  await editSection(pb, "overview", "A が書いた全体分析です。B が追記しました。");

  // Now A is the stale one; A chooses to overwrite explicitly.
  const a = pa.getByTestId("editor-overview");
  await a.locator("textarea").fill("A の最終版です。");
  await expect(a.getByTestId("editor-overview-conflict")).toContainText("B が追記しました。", { timeout: 15_000 });
  await a.getByRole("button", { name: "自分の文章で上書きする" }).click();
  await expect(a.getByTestId("editor-overview-state")).toHaveText("保存しました", { timeout: 15_000 });
  await pb.reload();
  await expect(pb.getByTestId("editor-overview").locator("textarea")).toHaveValue("A の最終版です。");
  await ctxA.close();
  await ctxB.close();
});
