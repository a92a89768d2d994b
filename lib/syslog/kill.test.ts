import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import net from "node:net";
import pg from "pg";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { trafficLine } from "@/lib/ingest/test-lines";
import { uniq } from "@/lib/testing/helpers";
import { tempDirs } from "@/lib/testing/temp-dirs";

const tempDir = tempDirs();

// The receiver is a real `soc syslog` child process, killed with SIGKILL while a TCP client is
// streaming. "Acknowledged" for TCP = fsynced in the spool, witnessed by its `--trace` line
// "syslog: spooled N" (written after the fsync, synchronously on the stderr pipe).

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

function line(serial: string, i: number): string {
  return trafficLine({ time: `2021/12/${String(1 + (i % 28)).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00`, serial, dport: i + 1 });
}

interface Receiver {
  child: ChildProcess;
  port: number;
  spooled: () => number;
  exited: Promise<number | null>;
}

async function startReceiver(spool: string, env: Record<string, string> = {}): Promise<Receiver & { stderr: () => string }> {
  const child = spawn(process.execPath, ["bin/soc.mjs", "syslog", "--host", "127.0.0.1", "--tcp", "0", "--spool", spool, "--rotate-seconds", "0.3", "--trace"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let spooled = 0;
  let err = "";
  let out = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    err = (err + d).slice(-100_000);
    for (const m of d.matchAll(/syslog: spooled (\d+)/g)) spooled = Math.max(spooled, Number(m[1]));
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      try {
        resolve(JSON.parse(out).tcp);
      } catch {
        /* not the whole JSON yet */
      }
    });
    void exited.then((code) => reject(new Error(`receiver exited (${code}) before listening: ${err}`)));
  });
  return { child, port, spooled: () => spooled, exited, stderr: () => err };
}

async function until(what: string, cond: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function ports(customerId: string): Promise<number[]> {
  const r = await prisma.$queryRaw<{ p: number }[]>`SELECT dst_port AS p FROM events WHERE customer_id = ${customerId}::uuid ORDER BY 1`;
  return r.map((x) => x.p);
}

const spoolEmpty = (spool: string) => readdirSync(path.join(spool, "incoming")).length === 0 && readdirSync(path.join(spool, "parts")).length === 0;

describe("syslog receiver under kill -9", () => {
  it("loses nothing it acknowledged (fsynced), duplicates nothing, and ends with every line after the sender resends the rest", async () => {
    const slug = uniq("kill");
    const c = await createCustomer({ slug, name: "キル" }, CLI_ACTOR);
    const serial = uniq("SN").toUpperCase().replace(/-/g, "");
    await createDevice({ customerSlug: slug, hostname: "fw", serial, model: "PA-220", ip: "192.0.2.1" }, CLI_ACTOR);
    const spool = path.join(tempDir("mamori-syslog-kill-"), "spool");
    const N = 12_000;

    // 1. Stream over TCP; SIGKILL the receiver once it has acknowledged a few thousand lines.
    let rx = await startReceiver(spool);
    const socket = net.connect(rx.port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("error", reject));
    let broken = false;
    socket.on("error", () => (broken = true));
    socket.on("close", () => (broken = true));
    const streaming = (async () => {
      for (let i = 0; i < N && !broken; i += 50) {
        socket.write(Array.from({ length: Math.min(50, N - i) }, (_, k) => line(serial, i + k)).join("\n") + "\n");
        await new Promise((r) => setTimeout(r, 3));
      }
    })();
    await until("3000 lines acknowledged", () => rx.spooled() >= 3000);
    rx.child.kill("SIGKILL");
    const acked = rx.spooled();
    expect(await rx.exited).toBe(null);
    await streaming;
    socket.destroy();
    expect(acked).toBeLessThan(N); // really mid-stream

    // 2. Restart on the same spool, kill it again while it flushes (split / ingest), restart:
    //    what was spooled is recovered and ingested once.
    rx = await startReceiver(spool);
    await new Promise((r) => setTimeout(r, 150));
    rx.child.kill("SIGKILL");
    await rx.exited;
    rx = await startReceiver(spool);
    await until("spool drained", () => spoolEmpty(spool));
    const got = await ports(c.id);
    expect(got.length).toBeGreaterThanOrEqual(acked);
    console.log(`kill -9 after ${acked} lines acknowledged; ${got.length} lines recovered and ingested`);
    // TCP is ordered: the events are exactly a prefix of the stream, no gap, no duplicate.
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => i + 1));

    // 3. The sender resends from where the data ends; a clean stop (SIGTERM) ingests the rest.
    const resend = net.connect(rx.port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => resend.once("connect", () => resolve()).once("error", reject));
    const rest = Array.from({ length: N - got.length }, (_, k) => line(serial, got.length + k));
    await new Promise<void>((resolve) => resend.end(rest.join("\n") + "\n", () => resolve()));
    await until("rest acknowledged", () => rx.spooled() >= rest.length);
    rx.child.kill("SIGTERM");
    expect(await rx.exited).toBe(0);
    expect(await ports(c.id)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const total = await prisma.rollupDaily.aggregate({ where: { customerId: c.id }, _sum: { count: true } });
    expect(Number(total._sum.count)).toBe(N);
    expect(spoolEmpty(spool)).toBe(true);
  }, 180_000);
});

describe("syslog receiver during a database outage", () => {
  it("keeps receiving and spooling while the database refuses connections, and ingests everything once it is back", async () => {
    const slug = uniq("outage");
    const c = await createCustomer({ slug, name: "障害" }, CLI_ACTOR);
    const serial = uniq("SN").toUpperCase().replace(/-/g, "");
    await createDevice({ customerSlug: slug, hostname: "fw", serial, model: "PA-220", ip: "192.0.2.1" }, CLI_ACTOR);
    const spool = path.join(tempDir("mamori-syslog-outage-"), "spool");
    const app = uniq("mamori-syslog-outage");
    const rx = await startReceiver(spool, { PGAPPNAME: app });
    const url = new URL(process.env.DATABASE_URL!);
    const db = decodeURIComponent(url.pathname.slice(1));
    url.pathname = "/postgres"; // ALTER DATABASE … ALLOW_CONNECTIONS is refused from inside that database
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    const N = 2000;
    // The outage: no new connections to the database, and the receiver's open ones are cut.
    await admin.query(`ALTER DATABASE "${db}" WITH ALLOW_CONNECTIONS false`);
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [app]);
      const socket = net.connect(rx.port, "127.0.0.1");
      await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("error", reject));
      await new Promise<void>((resolve) => socket.end(Array.from({ length: N }, (_, i) => line(serial, i)).join("\n") + "\n", () => resolve()));
      await until("all lines acknowledged", () => rx.spooled() >= N);
      await until("the flush failure reported", () => /syslog flush: .*\(kept on disk, retried\)/.test(rx.stderr()));
      expect(rx.child.exitCode).toBe(null);
      expect(await ports(c.id)).toEqual([]);
    } finally {
      await admin.query(`ALTER DATABASE "${db}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await until("ingested after the outage", async () => (await ports(c.id)).length === N && spoolEmpty(spool));
    expect(await ports(c.id)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    rx.child.kill("SIGTERM");
    expect(await rx.exited).toBe(0);
  }, 120_000);
});

describe("soc syslog options", () => {
  it("refuses a run without a port, or TLS without a certificate, with one line and exit 1", async () => {
    for (const [args, message] of [
      [[], "soc: error: give at least one of --udp, --tcp, --tls"],
      [["--tls", "0"], "soc: error: --tls needs --tls-cert and --tls-key"],
    ] as const) {
      const child = spawn(process.execPath, ["bin/soc.mjs", "syslog", "--spool", path.join(tmpdir(), uniq("mamori-syslog-none")), ...args], { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
      let err = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
      const code = await new Promise((r) => child.on("exit", r));
      expect(code).toBe(1);
      expect(err.trim().split("\n").at(-1)).toBe(message);
    }
  }, 60_000);
});
