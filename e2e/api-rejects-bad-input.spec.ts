import { expect, test } from "@playwright/test";
import { ANALYST, TENANT_A, signIn } from "./fixtures";

// The JSON APIs and the event filter answer malformed and oversized input with a 400 that says
// what is wrong (field codes, as the forms show them) — never a 500, never a stored record.

test("JSON APIs refuse malformed, wrongly typed and oversized bodies with field codes", async ({ page }) => {
  await signIn(page, TENANT_A.user);
  const url = `/api/customers/${TENANT_A.slug}/inquiries`;
  const before = ((await (await page.request.get(url)).json()) as unknown[]).length;
  const post = (data: string | Buffer, contentType = "application/json") => page.request.post(url, { data, headers: { "content-type": contentType } });

  const cases: [string, string | Buffer, string | undefined, Record<string, string>][] = [
    ["not JSON", "{subject: 'x'", undefined, { _: "json" }],
    ["a JSON array", "[1,2]", undefined, { _: "json" }],
    ["a JSON string", '"x"', undefined, { _: "json" }],
    ["a form body", "subject=x&body=y", "application/x-www-form-urlencoded", { _: "json" }],
    ["truncated UTF-8", Buffer.from([0x7b, 0x22, 0x73, 0xe3, 0x81]), undefined, { _: "json" }],
    ["a 1 MB body", JSON.stringify({ subject: "件名", body: "あ".repeat(400_000) }), undefined, { _: "tooLarge" }],
  ];
  for (const [what, data, type, fields] of cases) {
    const res = await post(data, type);
    expect(res.status(), what).toBe(400);
    expect(await res.json(), what).toEqual({ error: "invalid input", fields });
  }
  // Well-formed JSON with wrong types or sizes: per-field codes.
  for (const [what, body, fields] of [
    ["numbers for text", { subject: 42, body: ["x"] }, ["subject", "body"]],
    ["a subject over 200 characters", { subject: "x".repeat(201), body: "y" }, ["subject"]],
    ["a body over 10 000 characters", { subject: "x", body: "y".repeat(10_001) }, ["body"]],
    ["blank fields", { subject: "   ", body: "\t" }, ["subject", "body"]],
    ["an alert id that is not an id", { subject: "x", body: "y", alertId: "'; DROP TABLE alerts; --" }, ["alertId"]],
  ] as const) {
    const res = await page.request.post(url, { data: body });
    expect(res.status(), what).toBe(400);
    const j = (await res.json()) as { error: string; fields: Record<string, string> };
    expect(j.error, what).toBe("invalid input");
    expect(Object.keys(j.fields).sort(), what).toEqual([...fields].sort());
  }
  // NUL cannot be stored in PostgreSQL text: refused by field (it was a 500).
  const nul = await page.request.post(url, { data: { subject: 'NUL\u0000"\u202e', body: "本文\u0000" } });
  expect(nul.status()).toBe(400);
  expect(await nul.json()).toEqual({ error: "invalid input", fields: { subject: "invalid", body: "invalid" } });
  // Quotes, right-to-left marks and emoji are text like any other.
  const odd = await page.request.post(url, { data: { subject: '"引用" \u202e 😀', body: "本文" } });
  expect(odd.status()).toBe(201);
  const after = ((await (await page.request.get(url)).json()) as unknown[]).length;
  expect(after).toBe(before + 1);
});

test("the event filter refuses malformed query parameters with a 400", async ({ page }) => {
  await signIn(page, TENANT_A.user);
  for (const q of ["from=yesterday", "to=2021-13-45", "src=999.1.1.1", "page=-1", "action=%00", `threat=${"x".repeat(5000)}`]) {
    const res = await page.request.get(`/api/customers/${TENANT_A.slug}/events?${q}`);
    expect(res.status(), q).toBeLessThan(500);
    if (q !== "to=2021-13-45" && q !== "page=-1") expect(res.status(), q).toBe(400);
  }
});

test("staff APIs: a work record with a bad date or empty content is a 400 with the fields", async ({ page }) => {
  await signIn(page, ANALYST);
  const res = await page.request.post(`/api/customers/${TENANT_A.slug}/work`, { data: { date: "2021-02-30", content: "" } });
  expect(res.status()).toBe(400);
  expect(Object.keys(((await res.json()) as { fields: object }).fields).sort()).toEqual(["content", "date"]);
});

test("forms: an over-long inquiry is refused at the field with a message, and nothing is filed", async ({ page }) => {
  await signIn(page, TENANT_A.user);
  const before = ((await (await page.request.get(`/api/customers/${TENANT_A.slug}/inquiries`)).json()) as unknown[]).length;
  await page.goto(`/customers/${TENANT_A.slug}/inquiries`);
  await page.locator("#field-subject").fill("長".repeat(201));
  await page.locator("#field-body").fill("本".repeat(10_001));
  await page.getByRole("button", { name: "送信" }).click();
  await expect(page.locator('[data-field-error="subject"]')).toHaveText("長すぎます。");
  await expect(page.locator('[data-field-error="body"]')).toHaveText("長すぎます。");
  expect(((await (await page.request.get(`/api/customers/${TENANT_A.slug}/inquiries`)).json()) as unknown[]).length).toBe(before);
});
