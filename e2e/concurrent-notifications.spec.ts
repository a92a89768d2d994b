import { expect, test } from "@playwright/test";
import { threatLine } from "../lib/ingest/test-lines";
import { ANALYST, signIn } from "./fixtures";
import { mailsTo } from "./mail";
import { ingestLines, periodNow, socTenant } from "./soc-fixtures";

test("parallel notify requests get unique, gap-free numbers, and a second notify of one alert is refused", async ({ page }) => {
  const t = socTenant("concurrent");
  const N = 12;
  ingestLines(
    t.slug,
    Array.from({ length: N }, (_, i) => threatLine({ time: `2021/12/23 11:${String(i).padStart(2, "0")}:00`, serial: t.serial, subtype: "url", src: `192.0.2.${100 + i}`, dst: "203.0.113.210", url: "example3.co.jp/", category: "malware" })),
  );
  await signIn(page, ANALYST);
  const alerts = (await (await page.request.get(`/api/customers/${t.slug}/alerts`)).json()) as { id: string }[];
  expect(alerts).toHaveLength(N);
  // Every alert once, and the first four twice more, all at the same time.
  const targets = [...alerts.map((a) => a.id), ...alerts.slice(0, 4).map((a) => a.id), ...alerts.slice(0, 4).map((a) => a.id)];
  const responses = await Promise.all(targets.map((id) => page.request.post(`/api/customers/${t.slug}/alerts/${id}/notify`, { data: {} })));
  const created = await Promise.all(responses.filter((r) => r.status() === 201).map((r) => r.json() as Promise<{ alertId: string; number: string; seq: number }>));
  const refused = await Promise.all(responses.filter((r) => r.status() !== 201).map(async (r) => [r.status(), await r.json()]));
  expect(created).toHaveLength(N);
  expect(new Set(created.map((c) => c.alertId)).size).toBe(N);
  expect(refused).toEqual(Array.from({ length: 8 }, () => [400, { error: "invalid input", fields: { id: "alreadyNotified" } }]));
  const prefix = `TR${periodNow()}-${t.code}-`;
  expect(created.map((c) => c.number).sort()).toEqual(Array.from({ length: N }, (_, i) => `${prefix}${String(i + 1).padStart(5, "0")}`));
  // Each number went out in exactly one e-mail.
  await expect.poll(async () => (await mailsTo(t.contact)).length, { timeout: 15_000 }).toBe(N);
  const subjects = (await mailsTo(t.contact)).map((m) => m.subject.split(" ")[2]).sort();
  expect(subjects).toEqual(created.map((c) => c.number).sort());
});
