import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pool";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { ingestFiles } from "@/lib/ingest/ingest";
import { systemLine, threatLine, trafficLine } from "@/lib/ingest/test-lines";
import { uniq } from "@/lib/testing/helpers";
import { enqueueIngest, stopQueue } from "./queue";
import { startIngestWorker } from "./worker";

// All worker tests live in this one file: vitest runs a file's tests in order, so no two
// tests' workers take each other's jobs from the shared queue.

const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await stopQueue();
});

async function tenant(prefix: string) {
  const slug = uniq(prefix);
  const c = await createCustomer({ slug, name: "ジョブ", internalNetworks: ["10.0.0.0/8"] }, CLI_ACTOR);
  const serial = uniq("SN").toUpperCase().replace(/-/g, "");
  await createDevice({ customerSlug: slug, hostname: "fw", serial, model: "PA-220", ip: "192.0.2.1" }, CLI_ACTOR);
  return { id: c.id, slug, serial };
}

/** `soc worker` as a real process; `ready` once it takes jobs. */
function worker(env: Record<string, string> = {}, args: string[] = []): ChildProcess & { ready: Promise<void> } {
  const child = spawn(process.execPath, ["bin/soc.mjs", "worker", "--no-retention", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const ready = new Promise<void>((resolve) => child.stderr!.on("data", () => err.includes("worker ready") && resolve())); // after the line above: sees this chunk
  child.on("exit", (code, sig) => sig === null && code !== 0 && code !== 143 && process.stderr.write(`worker exited ${code}: ${err}\n`));
  children.push(child);
  return Object.assign(child, { ready });
}

async function until(what: string, check: () => Promise<boolean>, ms = 120_000, every = 200): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** The same logs for any device: traffic (incl. start logs), threats, a SYSTEM log and junk. */
function fileText(serial: string, i: number, lines: number): string {
  const day = String(1 + i).padStart(2, "0");
  const out: string[] = [];
  for (let j = 0; j < lines; j++) {
    const time = `2021/12/${day} ${String(j % 24).padStart(2, "0")}:${String(j % 60).padStart(2, "0")}:${String((j * 7) % 60).padStart(2, "0")}`;
    if (j % 50 === 49) out.push(`garbage line ${i}-${j}`);
    else if (j % 10 === 3) out.push(threatLine({ time, serial, subtype: "vulnerability", threat: "Test Exploit(41000)", severity: "high", action: "reset-both" }));
    else if (j % 10 === 7) out.push(trafficLine({ time, serial, subtype: "start", src: `10.0.${i}.${j % 250}` }));
    else if (j === 5) out.push(systemLine(time.replace(/\//g, "/"), serial));
    else out.push(trafficLine({ time, serial, src: `10.0.${i}.${j % 250}`, dst: `198.51.100.${j % 200}`, action: j % 4 ? "allow" : "deny", repeat: 1 + (j % 3) }));
  }
  return out.join("\n") + "\n";
}

async function counts(customerId: string) {
  const q = async (sql: string) => Number((await pgPool().query<{ n: string }>(sql, [customerId])).rows[0]!.n);
  return {
    events: await q(`SELECT count(*)::text AS n FROM events WHERE customer_id = $1`),
    daily: await q(`SELECT coalesce(sum(count), 0)::text AS n FROM rollup_daily WHERE customer_id = $1`),
    monthly: await q(`SELECT coalesce(sum(count), 0)::text AS n FROM rollup_monthly WHERE customer_id = $1`),
    rejects: await q(`SELECT count(*)::text AS n FROM ingest_rejects WHERE customer_id = $1`),
    raw: await q(`SELECT count(*)::text AS n FROM raw_logs WHERE customer_id = $1`),
    alerts: await q(`SELECT count(*)::text AS n FROM alerts WHERE customer_id = $1`),
    accepted: await q(`SELECT coalesce(sum(accepted), 0)::text AS n FROM ingest_files WHERE customer_id = $1`),
  };
}

describe("ingest jobs", () => {
  it("two workers share queued files and count each file exactly once, even when it is queued twice", async () => {
    const t = await tenant("jobs");
    const dir = mkdtempSync(path.join(tmpdir(), "mamori-jobs-"));
    const files = Array.from({ length: 6 }, (_, i) => {
      const f = path.join(dir, `f${i}.log`);
      writeFileSync(f, Array.from({ length: 50 }, (_, j) => trafficLine({ time: `2021/12/${String(1 + i).padStart(2, "0")} 10:00:${String(j % 60).padStart(2, "0")}`, serial: t.serial })).join("\n"));
      return f;
    });
    for (const f of [...files, files[0]!, files[3]!]) await enqueueIngest({ customerId: t.id, path: f });
    const stopA = await startIngestWorker({ retention: false });
    const stopB = await startIngestWorker({ retention: false });
    await until("8 jobs done", async () => (await prisma.ingestJob.count({ where: { customerId: t.id, status: "done" } })) === 8, 60_000, 250);
    await stopA();
    await stopB();
    const total = await prisma.rollupDaily.aggregate({ where: { customerId: t.id }, _sum: { count: true } });
    expect(await prisma.ingestFile.count({ where: { customerId: t.id, status: "done" } })).toBe(6);
    expect(Number(total._sum.count)).toBe(300);
    const jobs = await prisma.ingestJob.findMany({ where: { customerId: t.id } });
    expect(jobs.filter((j) => j.skipped)).toHaveLength(2);
    expect(jobs.every((j) => Number(j.accepted) === 50 && j.fileId !== null)).toBe(true);
  }, 90_000);

  it("two `soc worker` processes ingesting ten files end with exactly the counts of one clean ingest", async () => {
    const viaWorkers = await tenant("jobs-w");
    const clean = await tenant("jobs-c");
    const dir = mkdtempSync(path.join(tmpdir(), "mamori-jobs-"));
    const write = (serial: string, tag: string) =>
      Array.from({ length: 10 }, (_, i) => {
        const f = path.join(dir, `${tag}-${i}.log`);
        writeFileSync(f, fileText(serial, i, 3000));
        return f;
      });
    const workerFiles = write(viaWorkers.serial, "w");
    const cleanFiles = write(clean.serial, "c");
    const a = worker({}, ["--batch", "700"]);
    const b = worker({}, ["--batch", "700"]);
    await Promise.all([a.ready, b.ready]); // both take part (not one finishing before the other starts)
    for (const f of workerFiles) await enqueueIngest({ customerId: viaWorkers.id, path: f });
    await until("10 jobs done", async () => (await prisma.ingestJob.count({ where: { customerId: viaWorkers.id, status: "done" } })) === 10);
    const jobs = await prisma.ingestJob.findMany({ where: { customerId: viaWorkers.id } });
    expect(new Set(jobs.map((j) => j.worker?.split(":")[1])).size).toBe(2); // both processes took work
    a.kill("SIGTERM");
    b.kill("SIGTERM");

    await ingestFiles({ customerId: clean.id }, cleanFiles);
    const got = await counts(viaWorkers.id);
    expect(got).toEqual(await counts(clean.id));
    expect(got.events).toBeGreaterThan(20_000);
    expect(got.rejects).toBe(10 * 60);
    expect(jobs.reduce((s, j) => s + Number(j.rejected), 0)).toBe(600);
    expect(jobs.reduce((s, j) => s + Number(j.accepted), 0)).toBe(got.accepted);
  }, 180_000);

  it("a worker killed mid-job: another worker retries the job and the counts are exact", async () => {
    const t = await tenant("jobs-k");
    const dir = mkdtempSync(path.join(tmpdir(), "mamori-jobs-"));
    const file = path.join(dir, "big.log");
    const N = 150_000;
    const lines: string[] = [];
    for (let j = 0; j < N; j++) lines.push(trafficLine({ time: `2021/12/${String(1 + (j % 28)).padStart(2, "0")} 10:${String(j % 60).padStart(2, "0")}:00`, serial: t.serial }));
    writeFileSync(file, lines.join("\n") + "\n");
    const env = { MAMORI_JOB_STALE_SECONDS: "4" };
    const first = worker(env, ["--batch", "2000"]);
    await enqueueIngest({ customerId: t.id, path: file });
    await until("the first batches to commit", async () => {
      const f = await prisma.ingestFile.findFirst({ where: { customerId: t.id } });
      return !!f && Number(f.linesCommitted) > 0;
    }, 120_000, 20);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const killedAt = await prisma.ingestFile.findFirstOrThrow({ where: { customerId: t.id } });
    expect(killedAt.status).toBe("running");
    expect(Number(killedAt.linesCommitted)).toBeLessThan(N);

    const second = worker(env, ["--batch", "2000"]);
    await until("the retried job to finish", async () => (await prisma.ingestJob.findFirst({ where: { customerId: t.id } }))?.status === "done", 150_000, 250);
    second.kill("SIGTERM");
    const job = await prisma.ingestJob.findFirstOrThrow({ where: { customerId: t.id } });
    expect(job.attempts).toBeGreaterThanOrEqual(2);
    expect(Number(job.lines)).toBe(N);
    expect(Number(job.accepted)).toBe(N);
    const c = await counts(t.id);
    expect(c.events).toBe(N);
    expect(c.daily).toBe(N);
  }, 300_000);
});
