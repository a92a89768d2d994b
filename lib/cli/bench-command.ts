import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { createTestDatabase } from "@/lib/testing/test-database";
import { cpuMeter, perLine } from "./cpu-meter";
import { log, printJson } from "./output";

// `npm run bench`: a fresh database, a generated month (≥ 5 M lines by default), then
// ingest throughput against PostgreSQL's own COPY of the same lines as raw text, peak memory,
// and the time of the report data for that month. Numbers go to the issue notes; no test
// asserts them.

export interface BenchOptions {
  scale: string;
  month: string;
  keep?: boolean;
}

/** Text-format COPY of whole lines: only backslash, CR and the delimiter need escaping (rare). */
function escapeForCopy(): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (chunk.indexOf(0x5c) < 0 && chunk.indexOf(0x0d) < 0 && chunk.indexOf(0x01) < 0) return done(null, chunk);
      done(null, Buffer.from(chunk.toString("latin1").replace(/[\\\r\x01]/g, (c) => (c === "\\" ? "\\\\" : c === "\r" ? "\\r" : "\\x01")), "latin1"));
    },
  });
}

function nextMonthOf(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchCommand(o: BenchOptions): Promise<void> {
  const db = await createTestDatabase(log);
  process.env.DATABASE_URL = db.url;
  const dir = await mkdtemp(path.join(tmpdir(), "mamori-bench-"));
  const results: Record<string, unknown> = {};
  try {
    const { createCustomer } = await import("@/lib/customers/customers");
    const { createDevice } = await import("@/lib/devices/devices");
    const { CLI_ACTOR } = await import("@/lib/auth/types");
    const { writeMonth } = await import("@/lib/ingest/generate");
    const { ingestFiles } = await import("@/lib/ingest/ingest");
    const { buildReportData } = await import("@/lib/reports/report-data");
    const { previousMonth } = await import("@/lib/reports/month");
    const { threadsFor } = await import("@/lib/ingest/build-pool");
    const { indexFinishedMonths } = await import("@/lib/ingest/month-indexes");

    const customer = await createCustomer({ slug: "bench", name: "株式会社ベンチ", internalNetworks: ["192.0.2.0/24", "10.0.0.0/8"] }, CLI_ACTOR);
    await createDevice({ customerSlug: "bench", hostname: "sample-utm", serial: "013201009999", model: "PA-3220", ip: "192.0.2.13" }, CLI_ACTOR);
    const scale = Number(o.scale);

    // 1. Generate the month (and a small previous month so ratios have something to compare with).
    const file = path.join(dir, `${o.month}.log`);
    const prevFile = path.join(dir, `${previousMonth(o.month)}.log`);
    const gen = await writeMonth({ month: o.month, scale, serial: "013201009999", deviceName: "sample-utm", timeZone: "Asia/Tokyo" }, file);
    await writeMonth({ month: previousMonth(o.month), scale: scale / 10, serial: "013201009999", deviceName: "sample-utm", timeZone: "Asia/Tokyo", seed: 2 }, prevFile);
    const bytes = (await stat(file)).size;
    results.generate = { lines: gen.lines, megabytes: Math.round(bytes / 1e5) / 10, seconds: Math.round(gen.ms) / 1000, linesPerSecond: Math.round(gen.lines / (gen.ms / 1000)) };
    log(`generated ${gen.lines.toLocaleString("en-US")} lines, ${(bytes / 1e6).toFixed(0)} MB`);

    // 2. PostgreSQL's own COPY of the same lines as raw text (the floor for any ingest).
    const client = new pg.Client({ connectionString: db.url });
    client.on("error", (e) => log(`raw COPY connection: ${e.message}`));
    await client.connect();
    await client.query("CREATE UNLOGGED TABLE IF NOT EXISTS bench_raw_lines (line text)");
    await client.query("DROP TABLE bench_raw_lines");
    await client.query("CREATE TABLE bench_raw_lines (line text)");
    const c0 = performance.now();
    const copyCpu = cpuMeter();
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), escapeForCopy(), client.query(copyFrom("COPY bench_raw_lines (line) FROM STDIN WITH (DELIMITER E'\\x01')")));
    const copySeconds = (performance.now() - c0) / 1000;
    const rawCopyCpu = copyCpu();
    await client.query("DROP TABLE bench_raw_lines");
    await client.end();
    results.rawCopy = { seconds: Math.round(copySeconds * 100) / 100, linesPerSecond: Math.round(gen.lines / copySeconds), cpu: rawCopyCpu, cpuMicrosecondsPerLine: perLine(rawCopyCpu, gen.lines) };
    log(`raw COPY: ${copySeconds.toFixed(1)}s`);

    // 3. Ingest: parse + enrich + write + rollups, with peak memory sampled.
    await ingestFiles({ customerId: customer.id }, [prevFile]);
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const rssBefore = process.memoryUsage().rss;
    const i0 = performance.now();
    const ingestCpu = cpuMeter();
    let lastLog = 0;
    const summary = await ingestFiles({ customerId: customer.id }, [file], {
      indexMonths: false, // timed on its own below
      onProgress: (p) => {
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          log(`ingest: ${p.lines.toLocaleString("en-US")} lines, ${Math.round(p.lines / ((performance.now() - i0) / 1000)).toLocaleString("en-US")} lines/s, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
        }
      },
    });
    const ingestSeconds = (performance.now() - i0) / 1000;
    const cpu = ingestCpu();
    clearInterval(sampler);
    results.ingest = {
      lines: summary.lines,
      accepted: summary.accepted,
      rejected: summary.rejected,
      seconds: Math.round(ingestSeconds * 100) / 100,
      linesPerSecond: Math.round(summary.lines / ingestSeconds),
      megabytesPerSecond: Math.round(bytes / 1e6 / ingestSeconds),
      timesRawCopy: Math.round((ingestSeconds / copySeconds) * 100) / 100,
      rssBeforeMB: Math.round(rssBefore / 1e6),
      peakRssMB: Math.round(peakRss / 1e6),
      threads: threadsFor(bytes),
      // Where the CPU went: Mamori's process (parse, enrich, rows, compression) against the rest
      // of the machine (PostgreSQL). At N lines/s on C cores there are C × 1e6 / N µs per line in all.
      cpu,
      cpuMicrosecondsPerLine: perLine(cpu, summary.lines),
    };
    log(`ingest: ${ingestSeconds.toFixed(1)}s, ${Math.round(summary.lines / ingestSeconds).toLocaleString("en-US")} lines/s`);

    // 4. Report data for that month (rollups only): median of several runs after a warm-up.
    await buildReportData({ customerId: customer.id }, o.month);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      await buildReportData({ customerId: customer.id }, o.month);
      times.push(performance.now() - t);
    }
    results.reportData = { medianMs: Math.round(median(times) * 10) / 10, maxMs: Math.round(Math.max(...times) * 10) / 10 };

    // ---- 4b. Dashboard and explorer on the same month ----------------------------------------
    {
      const { getDashboard, getDashboardSoc } = await import("@/lib/dashboard/get-dashboard");
      const { searchEvents, eventFilterSchema } = await import("@/lib/events");
      const scope = { customerId: customer.id, timezone: "Asia/Tokyo" };
      const timed = async (f: () => Promise<unknown>) => {
        await f();
        const ts: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          await f();
          ts.push(performance.now() - t);
        }
        return { medianMs: Math.round(median(ts) * 10) / 10, maxMs: Math.round(Math.max(...ts) * 10) / 10 };
      };
      const now = new Date(`${o.month}-28T12:00:00+09:00`);
      const range = { from: `${o.month}-01`, to: `${nextMonthOf(o.month)}-01` };
      results.dashboard = await timed(async () => getDashboardSoc(scope, await getDashboard(scope, { now })));
      const explore = async () => ({
        bySourceAddress: await timed(() => searchEvents(scope, eventFilterSchema.parse({ ...range, src: "192.0.2.95" }))),
        byBusiestSource: await timed(() => searchEvents(scope, eventFilterSchema.parse({ ...range, src: "192.0.2.214" }))),
        byRareAddress: await timed(() => searchEvents(scope, eventFilterSchema.parse({ ...range, dst: "203.0.113.197" }))),
        byThreatId: await timed(() => searchEvents(scope, eventFilterSchema.parse({ ...range, threat: "52143" }))),
        bySourceNetwork: await timed(() => searchEvents(scope, eventFilterSchema.parse({ ...range, src: "192.0.2.96/28" }))),
        unfiltered: await timed(() => searchEvents(scope, eventFilterSchema.parse(range))),
      });
      // The month as it is while still being written (no btree indexes: BRIN time ranges and bloom filters)...
      const openMonth = await explore();
      // ...and once finished: its explorer indexes are built (what `soc ingest` does after a finished month).
      const x0 = performance.now();
      const built = await indexFinishedMonths({ log });
      results.monthIndexes = { seconds: Math.round(performance.now() - x0) / 1000, partitions: built };
      results.explorer = { openMonth, finishedMonth: await explore() };
    }

    // ---- 5. Monthly report: page first byte and PDF (lib/reports/bench.ts) -------------------
    const { benchReport } = await import("@/lib/reports/bench");
    // A machine without the PDF font or a production build still gets the figures above.
    results.report = await benchReport({ customerId: customer.id }, o.month, { databaseUrl: db.url, log }).catch((e: Error) => ({ skipped: e.message }));
    // ---- 6. Load: 50 customers reading dashboards and reports while an ingest runs -------------
    const { loadTest } = await import("./load-test");
    results.load = await loadTest({ seconds: 15, connections: 50, customers: 5, scale: 0.0002, log }).catch((e: Error) => ({ skipped: e.message }));
    // ---------------------------------------------------------------------------------------------
    printJson(results);
  } finally {
    const { closePgPool } = await import("@/lib/db/pool");
    await closePgPool();
    const { prisma } = await import("@/lib/db/client");
    await prisma.$disconnect();
    await rm(dir, { recursive: true, force: true });
    if (!o.keep) await db.dispose();
  }
}
