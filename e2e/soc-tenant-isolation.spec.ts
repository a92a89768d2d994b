import { expect, test } from "@playwright/test";
import { threatLine } from "../lib/ingest/test-lines";
import { ANALYST, TENANT_B, signIn } from "./fixtures";
import { ingestLines, socTenant } from "./soc-fixtures";

// Another customer sees none of a customer's alerts, inquiries or work: 404 by URL and by API,
// even with their own slug in the URL and the other customer's ids.
test("another customer gets 404 for a customer's alerts, inquiries and work, by URL and by API", async ({ page, browser }) => {
  const t = socTenant("private");
  ingestLines(t.slug, [threatLine({ time: "2021/12/09 17:00:00", serial: t.serial, subtype: "url", src: "192.0.2.30", dst: "198.51.100.196", url: "secret-phish.example/", category: "phishing" })]);

  // Staff notify the alert and record work; the customer files an inquiry (all through the API).
  await signIn(page, ANALYST);
  const alerts = (await (await page.request.get(`/api/customers/${t.slug}/alerts`)).json()) as { id: string }[];
  expect(alerts).toHaveLength(1);
  const alertId = alerts[0]!.id;
  const notified = await page.request.post(`/api/customers/${t.slug}/alerts/${alertId}/notify`, { data: { analysis: "秘密の分析" } });
  expect(notified.status()).toBe(201);
  const work = await page.request.post(`/api/customers/${t.slug}/work`, { data: { date: "2021-12-10", content: "秘密の作業", alertId } });
  expect(work.status()).toBe(201);
  // Bad input is a 400 with the fields.
  const bad = await page.request.post(`/api/customers/${t.slug}/work`, { data: { date: "10/12/2021", content: "" } });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({ error: "invalid input", fields: { date: "invalid", content: "required" } });
  const workId = ((await work.json()) as { id: string }).id;

  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await signIn(ownerPage, t.user);
  const filed = await ownerPage.request.post(`/api/customers/${t.slug}/inquiries`, { data: { subject: "秘密の問合せ", body: "内容", alertId } });
  expect(filed.status()).toBe(201);
  const inquiryId = ((await filed.json()) as { id: string }).id;
  expect((await ownerPage.request.post(`/api/customers/${t.slug}/inquiries`, { data: { subject: "" } })).status()).toBe(400);
  await owner.close();

  // Tenant B's user.
  const other = await browser.newContext();
  const b = await other.newPage();
  await signIn(b, TENANT_B.user);
  const pages = [
    `/customers/${t.slug}/alerts`,
    `/customers/${t.slug}/alerts/${alertId}`,
    `/customers/${t.slug}/inquiries`,
    `/customers/${t.slug}/inquiries/${inquiryId}`,
    `/customers/${t.slug}/work`,
    `/customers/${TENANT_B.slug}/alerts/${alertId}`,
    `/customers/${TENANT_B.slug}/inquiries/${inquiryId}`,
    `/customers/${TENANT_B.slug}/work/${workId}`,
    "/alerts",
    "/inquiries",
    "/rules",
    "/rules/lists",
    "/outages",
  ];
  for (const path of pages) {
    const res = await b.goto(path);
    expect(res?.status(), path).toBe(404);
    for (const secret of ["secret-phish", "秘密", t.name]) await expect(b.locator("body"), path).not.toContainText(secret);
  }
  const apis = [
    `/api/customers/${t.slug}/alerts`,
    `/api/customers/${t.slug}/alerts/${alertId}`,
    `/api/customers/${t.slug}/inquiries`,
    `/api/customers/${t.slug}/inquiries/${inquiryId}`,
    `/api/customers/${t.slug}/work`,
    `/api/customers/${TENANT_B.slug}/alerts/${alertId}`,
    `/api/customers/${TENANT_B.slug}/inquiries/${inquiryId}`,
  ];
  for (const path of apis) {
    const res = await b.request.get(path);
    expect(res.status(), path).toBe(404);
    expect(await res.text(), path).not.toContain("秘密");
  }
  for (const [path, data] of [
    [`/api/customers/${t.slug}/inquiries`, { subject: "x", body: "y" }],
    [`/api/customers/${t.slug}/inquiries/${inquiryId}/messages`, { body: "覗き見" }],
    [`/api/customers/${TENANT_B.slug}/inquiries/${inquiryId}/messages`, { body: "覗き見" }],
    [`/api/customers/${TENANT_B.slug}/inquiries`, { subject: "x", body: "y", alertId }],
  ] as const) {
    const res = await b.request.post(path, { data });
    expect([404, 400], path).toContain(res.status());
    expect(await res.text(), path).not.toContain("秘密");
  }
  // Their own lists hold nothing of it.
  for (const path of [`/api/customers/${TENANT_B.slug}/alerts`, `/api/customers/${TENANT_B.slug}/work`]) {
    expect(await (await b.request.get(path)).json(), path).toEqual([]);
  }
  const ownInquiries = (await (await b.request.get(`/api/customers/${TENANT_B.slug}/inquiries`)).json()) as { subject: string }[];
  expect(ownInquiries.map((q) => q.subject)).not.toContain("秘密の問合せ");
  await other.close();
});
