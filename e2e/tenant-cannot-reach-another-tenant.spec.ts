import { expect, test, type APIRequestContext, type APIResponse, type Browser } from "@playwright/test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { threatLine } from "../lib/ingest/test-lines";
import { signIn, soc } from "./fixtures";
import { PNG_1x1 } from "./report-images";
import { reportTenant, staffUser, type ReportTenant } from "./report-fixtures";
import { ingestLines, socTenant, type SocTenant } from "./soc-fixtures";
import { builtActionIds, discoverPages, discoverRouteHandlers, discoverServerActions, fill, type ActionExport, type RouteFile } from "./isolation-routes";

// Tenant isolation over every endpoint the code declares (pages, route handlers and their
// methods, server actions — discovered at test time, see isolation-routes.ts). Signed in as a
// customer of tenant A, each is requested with tenant B's identifiers: the answer is 404 and
// carries nothing of B; server actions change nothing of B. Signed out, everything but the
// public endpoints is 401 / a redirect to sign-in. An endpoint this file cannot fill with
// identifiers fails the suite, so a new one cannot be skipped silently.

test.describe.configure({ mode: "serial" });

const { encodeReply } = createRequire(path.resolve("package.json"))("next/dist/compiled/react-server-dom-turbopack/client.node.js") as {
  encodeReply: (v: unknown[]) => Promise<string | FormData>;
};

interface Ids {
  alert: string;
  inquiry: string;
  work: string;
  event: string;
  image: string;
  customer: string;
  device: string;
  user: string;
  outage: string;
  rule: string;
  list: string;
  report: string;
  month: string;
  threat: string;
  recommendation: string;
  eventTable: string;
  job: string;
}

/** What an [id] means, per route: the identifier of B's object of that kind. */
const ID_OF: Record<string, keyof Ids> = {
  "/admin/customers/[id]": "customer",
  "/admin/devices/[id]": "device",
  "/admin/users/[id]": "user",
  "/customers/[slug]/alerts/[id]": "alert",
  "/customers/[slug]/events/[id]": "event",
  "/customers/[slug]/inquiries/[id]": "inquiry",
  "/customers/[slug]/work/[id]": "work",
  "/outages/[id]": "outage",
  "/rules/[id]": "rule",
  "/rules/lists/[id]": "list",
  "/api/branding/logo/[id]": "image", // a customer's image must never come out as the logo
  "/api/customers/[slug]/alerts/[id]": "alert",
  "/api/customers/[slug]/alerts/[id]/notify": "alert",
  "/api/customers/[slug]/inquiries/[id]": "inquiry",
  "/api/customers/[slug]/inquiries/[id]/messages": "inquiry",
  "/api/customers/[slug]/reports/images/[id]": "image",
  "/admin/jobs/[id]": "job",
  "/api/admin/jobs/[id]/rejects": "job",
};

/** Endpoints with nothing of another tenant to ask for: the user's own pages (two-factor enrolment too) and public ones. */
const OWN_OR_PUBLIC = new Set(["/", "/settings", "/two-factor", "/signin", "/api/health", "/api/auth/[...nextauth]"]);
/** Reachable signed out (the proxy lets them through). */
const PUBLIC = new Set(["/signin", "/api/health", "/api/auth/[...nextauth]"]);

const FORM = Symbol("FormData");
/** Arguments of each server action, with B's identifiers; FORM marks a FormData argument. */
const ACTION_ARGS: Record<string, (b: string, ids: Ids) => unknown[]> = {
  createCustomerAction: () => [null, FORM],
  updateCustomerAction: (_b, i) => [i.customer, null, FORM],
  createDeviceAction: () => [null, FORM],
  updateDeviceAction: (_b, i) => [i.device, null, FORM],
  createUserAction: () => [null, FORM],
  updateUserAction: (_b, i) => [i.user, null, FORM],
  resetPasswordAction: (_b, i) => [i.user, null, FORM],
  triageAlertAction: (b, i) => [b, i.alert, null, FORM],
  noteAlertAction: (b, i) => [b, i.alert, null, FORM],
  notifyAlertAction: (b, i) => [b, i.alert, null, FORM],
  resendNotificationAction: (b, i) => [b, i.alert, null, FORM],
  createInquiryAction: (b) => [b, null, FORM],
  replyInquiryAction: (b, i) => [b, i.inquiry, null, FORM],
  createWorkAction: (b) => [b, null, FORM],
  updateWorkAction: (b, i) => [b, i.work, null, FORM],
  createOutageAction: () => [null, FORM],
  updateOutageAction: (_b, i) => [i.outage, null, FORM],
  createRuleAction: () => [null, FORM],
  updateRuleAction: (_b, i) => [i.rule, null, FORM],
  createListAction: () => [null, FORM],
  updateListAction: (_b, i) => [i.list, null, FORM],
  importListAction: (_b, i) => [i.list, null, FORM],
  removeEntryAction: (_b, i) => [i.list, "203.0.113.9"],
  setLocaleAction: () => [FORM],
  resetTwoFactorAction: (_b, i) => [i.user, null, FORM],
  // The user's own settings: an empty form changes nothing (a field error at most).
  confirmTotpAction: () => [null, null, FORM],
  changePasswordAction: () => [null, FORM],
  createDraftAction: (b) => [b, FORM],
  transitionAction: (b, i) => [b, i.month, i.report, "publish"],
  saveSectionAction: (b, i) => [b, i.report, "summary", "侵入者の文章", 1],
  saveKnowledgeAction: (_b, i) => [Number(i.threat), "侵入者", "侵入者の文章", 0],
  addEventTableAction: (b, i) => [b, i.month, i.report, "other", null, FORM],
  eventTableAction: (b, i) => [b, i.month, i.report, i.eventTable, "remove"],
  addRecommendationAction: (b, i) => [b, i.month, i.report, "summary", null, FORM],
  removeRecommendationAction: (b, i) => [b, i.month, i.report, i.recommendation],
  respondAction: (b, i) => [b, i.month, i.report, i.recommendation, null, FORM],
};
/** Actions any signed-in user may run on their own account (no tenant identifiers in them). */
const OWN_ACTIONS = new Set(["setLocaleAction", "confirmTotpAction", "changePasswordAction"]);
/** Form fields sent with every FormData argument: enough to pass validation if a guard were missing. */
const FORM_FIELDS: Record<string, string> = {
  month: "2021-12", locale: "en", subject: "侵入者", body: "侵入者", content: "侵入者", date: "2021-12-10", analysis: "侵入者", note: "侵入者",
  status: "closed", name: "侵入者", cause: "侵入者", startAt: "2021-12-01T00:00", text: "203.0.113.9", response: "侵入者", title: "侵入者",
};

let A: SocTenant;
let B: ReportTenant;
let ids: Ids;
let secrets: string[];
let attacker: APIRequestContext;
let admin: APIRequestContext;
let db: pg.Client;

async function one<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await db.query<T>(sql, params)).rows[0];
}

/** Everything stored for B (every table with a customer_id, and B's customer row), hashed. */
async function fingerprintOfB(): Promise<Record<string, string>> {
  const tables = await db.query<{ t: string }>(
    `SELECT format('%I', table_name) AS t FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'customer_id' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables.rows) {
    const r = await one<{ h: string | null; n: string }>(`SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h, count(*)::text AS n FROM ${t} x WHERE customer_id = $1`, [ids.customer]);
    out[t] = `${r?.n}:${r?.h}`;
  }
  out.customers = (await one<{ h: string }>(`SELECT md5(x::text) AS h FROM customers x WHERE id = $1`, [ids.customer]))!.h;
  return out;
}

function expectNoLeak(text: string, what: string) {
  for (const s of secrets) expect(text, `${what} must not contain ${s}`).not.toContain(s);
}

async function setUpVictim(browser: Browser) {
  B = reportTenant("victim"); // two generated months of logs
  ingestLines(B.slug, [threatLine({ time: "2021/12/09 17:00:00", serial: B.serial, subtype: "url", src: "192.0.2.30", dst: "198.51.100.196", url: "secret-phish.example/", category: "phishing" })]);
  A = socTenant("attacker");
  const analyst = staffUser(`isolation-${B.slug}@mamori.example`);
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, analyst);
  const alerts = (await (await staff.request.get(`/api/customers/${B.slug}/alerts`)).json()) as { id: string }[];
  expect(alerts.length).toBeGreaterThan(0);
  expect((await staff.request.post(`/api/customers/${B.slug}/alerts/${alerts[0]!.id}/notify`, { data: { analysis: "秘密の分析" } })).status()).toBe(201);
  expect((await staff.request.post(`/api/customers/${B.slug}/work`, { data: { date: "2021-12-10", content: "秘密の作業", alertId: alerts[0]!.id } })).status()).toBe(201);
  const diagram = await staff.request.post(`/api/customers/${B.slug}/reports/network-diagram`, { multipart: { file: { name: "network.png", mimeType: "image/png", buffer: PNG_1x1 } } });
  expect(diagram.status(), await diagram.text()).toBe(201);
  await staff.goto(`/customers/${B.slug}/reports`);
  await staff.locator("#month").fill("2021-12");
  await staff.getByTestId("create-draft").getByRole("button").click();
  await staff.waitForURL(/\/reports\/2021-12\/edit/);
  await staff.context().close();

  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, B.user);
  expect((await owner.request.post(`/api/customers/${B.slug}/inquiries`, { data: { subject: "秘密の問合せ", body: "秘密の本文" } })).status()).toBe(201);
  await owner.context().close();

  soc(["intel", "import", "--list", `victim-${B.slug}`, "--kind", "ip", "-"], "203.0.113.9\n");
  // An ingest job of B's (admin pages show jobs; a customer must never reach one).
  const jobFile = path.join(mkdtempSync(path.join(tmpdir(), "mamori-iso-")), "b.log");
  writeFileSync(jobFile, threatLine({ time: "2021/12/10 10:00:00", serial: B.serial, subtype: "url", url: "secret-job.example/", category: "phishing" }) + "\n");
  soc(["ingest", "--queue", "--customer", B.slug, jobFile]);

  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const customer = (await one<{ id: string }>(`SELECT id FROM customers WHERE slug = $1`, [B.slug]))!.id;
  const q = async (sql: string, params: unknown[] = [customer]) => {
    const r = await one<{ v: string }>(sql, params);
    if (!r?.v) throw new Error(`no identifier for: ${sql}`);
    return String(r.v);
  };
  const outage = await q(`INSERT INTO service_outages (id, customer_id, start_at, cause, updated_at) VALUES (gen_random_uuid(), $1, now(), '秘密の障害', now()) RETURNING id AS v`);
  const report = await one<{ id: string; month: string }>(`SELECT id, month FROM reports WHERE customer_id = $1 LIMIT 1`, [customer]);
  ids = {
    customer,
    alert: alerts[0]!.id,
    inquiry: await q(`SELECT id AS v FROM inquiries WHERE customer_id = $1 LIMIT 1`),
    work: await q(`SELECT id AS v FROM work_items WHERE customer_id = $1 LIMIT 1`),
    event: await q(`SELECT file_id || '-' || line_no AS v FROM events WHERE customer_id = $1 LIMIT 1`),
    image: await q(`SELECT id AS v FROM stored_images WHERE customer_id = $1 LIMIT 1`),
    device: await q(`SELECT id AS v FROM devices WHERE customer_id = $1 LIMIT 1`),
    user: await q(`SELECT id AS v FROM users WHERE customer_id = $1 LIMIT 1`),
    outage,
    rule: await q(`SELECT id AS v FROM alert_rules ORDER BY customer_id = $1 DESC NULLS LAST LIMIT 1`),
    list: await q(`SELECT id AS v FROM threat_lists WHERE name = $1`, [`victim-${B.slug}`]),
    report: report!.id,
    month: report!.month,
    // The knowledge base is shared by all customers: an entry for a threat seen in B's logs.
    threat: await q(
      `INSERT INTO threat_knowledge (threat_id, name, description, updated_by)
       SELECT threat_id, 'victim threat', '', 'e2e' FROM events WHERE customer_id = $1 AND threat_id IS NOT NULL AND fn IN ('vulnerability', 'spyware', 'virus', 'wildfire') LIMIT 1
       ON CONFLICT (threat_id) DO UPDATE SET name = threat_knowledge.name RETURNING threat_id AS v`,
    ),
    // B's draft has no recommendation or event table yet: made-up ids still go through the guards.
    recommendation: (await one<{ id: string }>(`SELECT id FROM report_recommendations WHERE customer_id = $1 LIMIT 1`, [customer]))?.id ?? "00000000-0000-4000-8000-000000000001",
    eventTable: (await one<{ id: string }>(`SELECT id FROM report_event_tables WHERE customer_id = $1 LIMIT 1`, [customer]))?.id ?? "00000000-0000-4000-8000-000000000002",
    job: await q(`SELECT id::text AS v FROM ingest_jobs WHERE customer_id = $1 LIMIT 1`),
  };
  secrets = [B.name, B.user, B.contact, B.serial, "秘密", "secret-phish"];
}

test.beforeAll(async ({ browser, playwright }, testInfo) => {
  await setUpVictim(browser);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, A.user);
  // The signed-in session, for plain HTTP requests (no rendering needed to read status and body).
  const state = await page.context().storageState();
  attacker = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL, storageState: state });
  await page.context().close();
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, staffUser(`isolation-admin-${B.slug}@mamori.example`, "admin"));
  admin = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL, storageState: await adminPage.context().storageState() });
  await adminPage.context().close();
});

test.afterAll(async () => {
  await attacker?.dispose();
  await admin?.dispose();
  await db?.end();
});

/** B's identifiers for a pattern: B's slug with B's ids, and the attacker's own slug with B's ids. */
function variants(pattern: string): { url: string; label: string }[] {
  const names = [...pattern.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => m[1]!);
  const idKind = names.includes("id") ? ID_OF[pattern] : undefined;
  if (names.includes("id") && !idKind) throw new Error(`${pattern}: the isolation suite does not know whose [id] this is; add it to ID_OF`);
  const known = new Set(["slug", "id", "month", "threatId", "nextauth"]);
  for (const n of names) if (!known.has(n)) throw new Error(`${pattern}: the isolation suite cannot fill [${n}]; teach it`);
  const params = { slug: B.slug, id: idKind ? ids[idKind] : "", month: ids.month, threatId: ids.threat, nextauth: "session" };
  const out = [{ url: fill(pattern, params), label: "B's identifiers" }];
  if (names.includes("slug") && names.length > 1) out.push({ url: fill(pattern, { ...params, slug: A.slug }), label: "own slug, B's identifiers" });
  return out;
}

async function send(ctx: APIRequestContext, method: string, url: string): Promise<APIResponse> {
  const withBody = !["GET", "HEAD", "OPTIONS"].includes(method);
  return ctx.fetch(url, { method, maxRedirects: 0, ...(withBody ? { data: { subject: "侵入者", body: "侵入者", content: "侵入者", date: "2021-12-10", analysis: "侵入者" } } : {}) });
}

// Control: the identifiers are live. An admin gets every page and every GET of B with them, so
// the 404s below come from tenancy and not from made-up ids.
test("B's identifiers are real: an admin opens every page and GET route with them", async () => {
  const NOT_FOR_ANYONE = new Set(["/api/branding/logo/[id]"]); // a customer's image is never a logo
  let n = 0;
  for (const r of [...discoverPages(), ...discoverRouteHandlers().filter((h) => h.methods.includes("GET"))]) {
    if (OWN_OR_PUBLIC.has(r.pattern)) continue;
    const v = variants(r.pattern)[0]!;
    const res = await send(admin, "GET", v.url);
    n++;
    expect(res.status(), `${v.url} (${r.file})`).toBe(NOT_FOR_ANYONE.has(r.pattern) ? 404 : 200);
  }
  console.log(`isolation: control — ${n} endpoints answer 200 to an admin with B's identifiers`);
});

test("a customer of tenant A gets 404 and nothing of tenant B from every page and route handler", async () => {
  const pages = discoverPages();
  const handlers = discoverRouteHandlers();
  expect(pages.length).toBeGreaterThan(30);
  let requests = 0;
  for (const r of pages) {
    for (const v of variants(r.pattern)) {
      const res = await send(attacker, "GET", v.url);
      requests++;
      const body = await res.text();
      if (OWN_OR_PUBLIC.has(r.pattern)) expect(res.status(), `${v.url} (${r.file})`).toBeLessThan(500);
      else expect(res.status(), `${v.url} (${r.file}, ${v.label})`).toBe(404);
      expectNoLeak(body, `${v.url} (${v.label})`);
    }
  }
  for (const r of handlers) {
    expect(r.methods.length, `${r.file} exports no HTTP method`).toBeGreaterThan(0);
    for (const method of r.methods) {
      for (const v of variants(r.pattern)) {
        const res = await send(attacker, method, v.url);
        requests++;
        if (OWN_OR_PUBLIC.has(r.pattern)) expect(res.status(), `${method} ${v.url}`).toBeLessThan(500);
        else expect(res.status(), `${method} ${v.url} (${r.file}, ${v.label})`).toBe(404);
        if (method !== "HEAD") expectNoLeak(await res.text(), `${method} ${v.url}`);
      }
    }
  }
  const methods = handlers.reduce((n, r) => n + r.methods.length, 0);
  console.log(`isolation: ${pages.length} pages, ${handlers.length} route handlers (${methods} methods), ${requests} requests as tenant A with tenant B's identifiers`);
});

/** Calls a server action over HTTP the way React's client does (multipart reply with FormData parts). */
async function callAction(ctx: APIRequestContext, baseURL: string, a: ActionExport, action: { id: string; workers: string[] }, args: unknown[]): Promise<APIResponse> {
  // Encoded by React's own client (the one Next bundles), so the wire format is the browser's.
  const encoded = args.map((x) => {
    if (x !== FORM) return x;
    const fd = new FormData();
    for (const [k, v] of Object.entries(FORM_FIELDS)) fd.append(k, v);
    return fd;
  });
  const body = await encodeReply(encoded);
  let multipart: FormData;
  if (typeof body === "string") {
    multipart = new FormData();
    multipart.append("0", body);
  } else multipart = body;
  // The page that imports the action, with the attacker's own identifiers in its URL.
  const worker = action.workers.slice().sort((x, y) => x.length - y.length)[0]!;
  const pattern = "/" + worker.replace(/^app\//, "").replace(/\/page$/, "").split("/").filter((s) => !/^\(.*\)$/.test(s)).join("/");
  const url = fill(pattern.replace(/\/$/, "") || "/", { slug: A.slug, id: "00000000-0000-4000-8000-000000000000", month: "2021-12", threatId: "1" });
  return ctx.post(url, {
    multipart,
    maxRedirects: 0,
    headers: { "next-action": action.id, accept: "text/x-component", origin: new URL(baseURL).origin },
  }).catch((e) => {
    throw new Error(`${a.file}#${a.name}: ${e}`);
  });
}

test("no server action lets tenant A read or change anything of tenant B", async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  const actions = discoverServerActions();
  const built = builtActionIds();
  expect(actions.length).toBeGreaterThan(20);
  const before = await fingerprintOfB();
  const anonymous = await playwright.request.newContext({ baseURL });
  let calls = 0;
  let endpoints = 0;
  const notBuilt: string[] = [];
  for (const a of actions) {
    const argsOf = ACTION_ARGS[a.name];
    if (!argsOf) throw new Error(`${a.file}#${a.name}: the isolation suite does not know this server action's arguments; add it to ACTION_ARGS`);
    const action = built.get(`${a.file}#${a.name}`);
    if (!action) {
      notBuilt.push(`${a.file}#${a.name}`); // imported by no page: not an endpoint of this build
      continue;
    }
    endpoints++;
    const variantsOf = [{ label: "B's identifiers", args: argsOf(B.slug, ids) }];
    if (a.params[0] === "slug") variantsOf.push({ label: "own slug, B's identifiers", args: argsOf(A.slug, ids) });
    for (const v of variantsOf) {
      const res = await callAction(attacker, baseURL, a, action, v.args);
      calls++;
      const what = `${a.file}#${a.name} (${v.label}) → ${res.status()}`;
      // A 404 of "no such action" would prove nothing: the action itself must have answered.
      expect(res.headers()["x-nextjs-action-not-found"], what).toBeUndefined();
      if (OWN_ACTIONS.has(a.name)) expect(res.status(), what).toBeLessThan(500);
      else if (v.label === "B's identifiers") expect(res.status(), what).toBe(404);
      else expect([200, 303, 404], what).toContain(res.status()); // their own customer: a form error at most
      expectNoLeak(await res.text(), what);
    }
    const anon = await callAction(anonymous, baseURL, a, action, argsOf(B.slug, ids));
    calls++;
    expect([303, 307, 401], `${a.name} signed out → ${anon.status()}`).toContain(anon.status());
  }
  await anonymous.dispose();
  expect(await fingerprintOfB(), "tenant B's data after every server action").toEqual(before);
  // The calls really run the actions: the one the attacker may use on their own account took effect.
  expect((await one<{ locale: string }>(`SELECT locale::text FROM users WHERE email = $1`, [A.user]))?.locale).toBe("en");
  console.log(`isolation: ${endpoints} server actions (${calls} calls; ${notBuilt.length} exported but used by no page: ${notBuilt.join(", ") || "none"}), tenant B unchanged`);
});

test("signed out, every page redirects to sign-in and every route handler method answers 401", async ({ playwright }, testInfo) => {
  const anonymous = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  let n = 0;
  for (const r of discoverPages()) {
    if (PUBLIC.has(r.pattern)) continue;
    for (const v of variants(r.pattern)) {
      const res = await send(anonymous, "GET", v.url);
      n++;
      expect([302, 303, 307], `${v.url} → ${res.status()}`).toContain(res.status());
      expect(res.headers().location ?? "", v.url).toContain("/signin");
    }
  }
  for (const r of discoverRouteHandlers()) {
    if (PUBLIC.has(r.pattern)) continue;
    for (const method of r.methods) {
      for (const v of variants(r.pattern)) {
        const res = await send(anonymous, method, v.url);
        n++;
        expect(res.status(), `${method} ${v.url}`).toBe(401);
        if (method !== "HEAD") expectNoLeak(await res.text(), `${method} ${v.url}`);
      }
    }
  }
  await anonymous.dispose();
  console.log(`isolation: ${n} signed-out requests, all refused`);
});
