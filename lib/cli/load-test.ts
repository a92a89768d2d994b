import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { CliError } from "./output";
import { freePort, signInCookie } from "./http-session";

// `soc load-test` (and the end of `soc bench`): many customers at once reading their dashboards
// and reports over HTTP while an ingest runs, against a `next start` of the production build on
// loopback (started here unless --url names one). Bounded in time; measured, never asserted
// except "no errors". autocannon drives the connections; each connection is one signed-in
// customer user, so sessions, tenancy checks and queries are the real ones.

export interface LoadTestOptions {
  seconds: number;
  connections: number;
  /** Customers the users belong to (connections are spread over them). */
  customers: number;
  /** Base URL of a running Mamori; loopback only. Without it a `next start` is started here. */
  url?: string;
  /** Size of the month each customer gets, and of the file ingested during the run. */
  scale: number;
  log: (m: string) => void;
}

export interface LoadTestResult {
  seconds: number;
  connections: number;
  customers: number;
  paths: string[];
  requests: number;
  requestsPerSecond: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  p95ByPathMs: Record<string, number>;
  ingest: { lines: number; seconds: number; overlappedLoad: boolean; exitCode: number | null };
}

const MONTH = "2021-12";



function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
}

export async function loadTest(o: LoadTestOptions): Promise<LoadTestResult> {
  if (o.url && !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(o.url)) throw new CliError("--url must be a loopback address (http://127.0.0.1:PORT)");
  if (!(o.seconds > 0 && o.seconds <= 600)) throw new CliError("--seconds must be between 1 and 600");
  const { prisma } = await import("@/lib/db/client");
  const { CLI_ACTOR } = await import("@/lib/auth/types");
  const { createCustomer } = await import("@/lib/customers/customers");
  const { createDevice } = await import("@/lib/devices/devices");
  const { hashPassword } = await import("@/lib/auth/password");
  const { writeMonth } = await import("@/lib/ingest/generate");
  const { ingestFiles } = await import("@/lib/ingest/ingest");
  const { ensureDraft, submitForReview } = await import("@/lib/reports/lifecycle");
  const { publishReport } = await import("@/lib/reports/publish");
  const dir = mkdtempSync(path.join(tmpdir(), "mamori-load-"));
  const run = randomBytes(3).toString("hex");
  const password = `load-${randomBytes(9).toString("hex")}`;
  const passwordHash = await hashPassword(password);
  let server: ChildProcess | null = null;
  let ingest: ChildProcess | null = null;
  try {
    // ---- customers, their logs, their users ----
    const tenants: { slug: string; serial: string; users: string[] }[] = [];
    for (let i = 0; i < o.customers; i++) {
      const slug = `load-${run}-${i}`;
      const serial = `LOAD${run}${i}`.toUpperCase();
      await createCustomer({ slug, name: `負荷試験${i}`, timezone: "Asia/Tokyo", internalNetworks: "192.0.2.0/24,10.0.0.0/8" }, CLI_ACTOR);
      const c = await prisma.customer.findUniqueOrThrow({ where: { slug }, select: { id: true } });
      await createDevice({ customerSlug: slug, hostname: "sample-utm", serial, model: "PA-3220", ip: "192.0.2.13", timezone: "Asia/Tokyo" }, CLI_ACTOR);
      const file = path.join(dir, `${slug}.log`);
      await writeMonth({ month: MONTH, scale: o.scale, serial, deviceName: "sample-utm", timeZone: "Asia/Tokyo", internalNetworks: ["192.0.2.0/24", "10.0.0.0/8"], seed: i + 1 }, file);
      const s = await ingestFiles({ customerId: c.id }, [file]);
      // A published report, so customers have one to read (the PDF is rendered once here).
      const { report } = await ensureDraft({ customerId: c.id }, MONTH, CLI_ACTOR);
      await submitForReview({ customerId: c.id }, report.id, CLI_ACTOR);
      await publishReport({ customerId: c.id }, report.id, CLI_ACTOR);
      o.log(`load test: customer ${slug} with ${s.accepted} events and a published ${MONTH} report`);
      const users: string[] = [];
      for (let j = i; j < o.connections; j += o.customers) {
        const email = `load-${run}-${j}@load.example`;
        await prisma.user.create({ data: { email, role: "customer", customerId: c.id, passwordHash } });
        users.push(email);
      }
      tenants.push({ slug, serial, users });
    }

    // ---- the server ----
    let base = o.url?.replace(/\/$/, "");
    if (!base) {
      const distDir = process.env.NEXT_DIST_DIR ?? ".next";
      if (!existsSync(path.join(distDir, "BUILD_ID"))) throw new CliError(`no production build in ${distDir}: run \`npx next build\` first, or give --url`);
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
        env: { ...process.env, NEXTAUTH_URL: base, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? `load-${randomBytes(16).toString("hex")}`, NEXT_TELEMETRY_DISABLED: "1" },
        stdio: "ignore",
      });
      for (let i = 0; ; i++) {
        if (i > 300) throw new CliError("next start did not answer on /api/health");
        if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    }

    // ---- sessions: one per connection ----
    const sessions: { cookie: string; slug: string }[] = [];
    for (const t of tenants) for (const u of t.users) sessions.push({ cookie: await signInCookie(base, u, password), slug: t.slug });
    const paths = ["/customers/{slug}", `/customers/{slug}/reports/${MONTH}`, "/customers/{slug}/reports", `/api/customers/{slug}/reports/${MONTH}`, "/api/customers/{slug}"];
    for (const p of paths) {
      const res = await fetch(base + p.replace("{slug}", sessions[0]!.slug), { headers: { cookie: sessions[0]!.cookie } });
      if (res.status !== 200) throw new CliError(`preflight ${p} answered ${res.status}`);
      await res.arrayBuffer();
    }

    // ---- an ingest running during the load (a separate process, as `soc ingest` would be) ----
    const ingestFile = path.join(dir, "during-load.log");
    const gen = await writeMonth({ month: "2022-01", scale: o.scale * 20, serial: tenants[0]!.serial, deviceName: "sample-utm", timeZone: "Asia/Tokyo", internalNetworks: ["192.0.2.0/24"], seed: 99 }, ingestFile);
    const ingestStarted = performance.now();
    const ended = { at: 0, code: null as number | null };
    ingest = spawn(process.execPath, ["bin/soc.mjs", "ingest", "--customer", tenants[0]!.slug, ingestFile], { env: process.env, stdio: ["ignore", "ignore", "ignore"] });
    const ingestDone = new Promise<void>((resolve) =>
      ingest!.on("exit", (code) => {
        ended.code = code;
        ended.at = performance.now();
        resolve();
      }),
    );

    // ---- the load ----
    // One autocannon instance per customer user (one connection each, fixed cookie): autocannon
    // shares one request context across a cycle and resets it, so a single multi-connection
    // instance could not keep a user per connection. Requests go round `paths` in order, so the
    // k-th answer of an instance is for paths[k % paths.length].
    const latencies: number[] = [];
    const byPath = new Map<string, number[]>(paths.map((p) => [p, []]));
    const loadStarted = performance.now();
    const results = await Promise.all(
      sessions.map(
        (s) =>
          new Promise<autocannon.Result>((resolve, reject) => {
            let k = 0;
            const instance = autocannon(
              {
                url: base,
                connections: 1,
                duration: o.seconds,
                timeout: 30,
                headers: { cookie: s.cookie },
                requests: paths.map((p) => ({ method: "GET" as const, path: p.replace("{slug}", s.slug) })),
              },
              (err, r) => (err ? reject(err) : resolve(r)),
            );
            instance.on("response", (_client, _status, _bytes, responseTime) => {
              latencies.push(responseTime);
              byPath.get(paths[k++ % paths.length]!)!.push(responseTime);
            });
          }),
      ),
    );
    const result = {
      requests: results.reduce((n, r) => n + r.requests.total, 0),
      errors: results.reduce((n, r) => n + r.errors, 0),
      non2xx: results.reduce((n, r) => n + r.non2xx, 0),
      timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    };
    const loadEnded = performance.now();
    const ingestOverlap = ended.at === 0 || ended.at > loadStarted + 1000;
    await Promise.race([ingestDone, new Promise((r) => setTimeout(r, 120_000))]);
    latencies.sort((a, b) => a - b);
    return {
      seconds: Math.round((loadEnded - loadStarted) / 100) / 10,
      connections: o.connections,
      customers: o.customers,
      paths,
      requests: result.requests,
      requestsPerSecond: Math.round(result.requests / Math.max(0.001, (loadEnded - loadStarted) / 1000)),
      errors: result.errors,
      non2xx: result.non2xx,
      timeouts: result.timeouts,
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
      p95ByPathMs: Object.fromEntries([...byPath].map(([p, xs]) => [p, percentile(xs.sort((a, b) => a - b), 95)])),
      ingest: { lines: gen.lines, seconds: Math.round(((ended.at || performance.now()) - ingestStarted) / 100) / 10, overlappedLoad: ingestOverlap, exitCode: ended.code },
    };
  } finally {
    ingest?.kill("SIGTERM");
    server?.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}
