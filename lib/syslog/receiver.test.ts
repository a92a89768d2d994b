import { execFileSync } from "node:child_process";
import dgram from "node:dgram";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { parseLine } from "@/lib/ingest/panos/parse";
import { systemLine, threatLine, trafficLine } from "@/lib/ingest/test-lines";
import { uniq } from "@/lib/testing/helpers";
import { quickSerial } from "./flusher";
import { startSyslogReceiver, type SyslogReceiver } from "./receiver";
import { tempDirs } from "@/lib/testing/temp-dirs";

const tempDir = tempDirs();

const open: SyslogReceiver[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

async function tenant() {
  const slug = uniq("sys");
  const c = await createCustomer({ slug, name: "シスログ", internalNetworks: "192.0.2.0/24" }, CLI_ACTOR);
  const serial = uniq("SN").toUpperCase().replace(/-/g, "");
  await createDevice({ customerSlug: slug, hostname: "fw", serial, model: "PA-220", ip: "192.0.2.1" }, CLI_ACTOR);
  return { customerId: c.id, serial };
}

/** Line i of a stream: its destination port is i + 1, so the events say exactly which lines arrived. */
function line(serial: string, i: number): string {
  return trafficLine({ time: `2021/12/${String(1 + (i % 28)).padStart(2, "0")} 10:${String(i % 60).padStart(2, "0")}:00`, serial, dport: i + 1 });
}

async function until(what: string, cond: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function events(customerId: string): Promise<number> {
  const r = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM events WHERE customer_id = ${customerId}::uuid`;
  return Number(r[0]!.n);
}

async function rollupTotal(customerId: string): Promise<number> {
  const r = await prisma.rollupDaily.aggregate({ where: { customerId }, _sum: { count: true } });
  return Number(r._sum.count ?? 0);
}

async function sendTcp(port: string | number, wire: string | Buffer, secure?: boolean): Promise<void> {
  const socket = secure ? tls.connect({ port: Number(port), host: "127.0.0.1", rejectUnauthorized: false }) : net.connect(Number(port), "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once(secure ? "secureConnect" : "connect", () => resolve()).once("error", reject));
  socket.write(wire);
  await new Promise<void>((resolve) => socket.end(resolve));
}

async function sendUdp(port: number, messages: string[]): Promise<void> {
  const sock = dgram.createSocket("udp4");
  for (const m of messages) await new Promise<void>((resolve, reject) => sock.send(m, port, "127.0.0.1", (e) => (e ? reject(e) : resolve())));
  sock.close();
}

function selfSignedCert(dir: string) {
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"], {
    stdio: "ignore",
  });
  return { cert, key };
}

describe("syslog receiver", () => {
  it("routes by the same serial the parser finds", () => {
    const lines = [
      trafficLine({ time: "2021/12/01 10:00:00", serial: "013201001234" }),
      threatLine({ time: "2021/12/01 10:00:00", serial: "0132-ABC", subtype: "vulnerability" }),
      systemLine("2021/12/01 10:00:00", "013201009999"),
      "1,2021-12-01T10:00:00.000+09:00,013201005555,CONFIG,0,2305,2021/12/01 10:00:00,192.0.2.9,,set,admin,,Succeeded,deviceconfig,1,0x0",
    ];
    for (const l of lines) {
      const r = parseLine(l);
      expect(r.ok).toBe(true);
      if (r.ok) expect(quickSerial(l)).toBe(r.kind === "event" ? r.event.serial : r.serial);
    }
    expect(quickSerial("garbage, 2021/12/01 10:00:00 no anchor")).toBe(null);
  });

  it("lines over UDP, TCP (both framings) and TLS become events and rollups of the device's customer; unknown devices are kept with a reason", async () => {
    const a = await tenant();
    const b = await tenant();
    const dir = tempDir("mamori-syslog-");
    const { cert, key } = selfSignedCert(dir);
    const logs: string[] = [];
    const r = await startSyslogReceiver(
      { host: "127.0.0.1", udp: 0, tcp: 0, tls: 0, tlsCert: cert, tlsKey: key, spool: path.join(dir, "spool"), rotateMs: 200, statsMs: 100_000 },
      { log: (m) => logs.push(m) },
    );
    open.push(r);

    const tcpLines = Array.from({ length: 300 }, (_, i) => line(a.serial, i));
    // Newline framing for the first half, octet counting for the second, in one stream.
    const wire =
      tcpLines.slice(0, 150).join("\n") +
      "\n" +
      tcpLines
        .slice(150)
        .map((l) => `${Buffer.byteLength(l)} ${l}`)
        .join("");
    await sendTcp(r.ports.tcp!, wire);
    await sendTcp(
      r.ports.tls!,
      [0, 1, 2].map((i) => threatLine({ time: `2021/12/0${i + 1} 09:00:00`, serial: a.serial, subtype: "url", category: "news", url: `tls${i}.example/` })).join("\n") + "\n",
      true,
    );
    const udpLines = Array.from({ length: 40 }, (_, i) => line(b.serial, 1000 + i));
    await sendUdp(r.ports.udp!, [...udpLines, line("NOSUCHSERIAL0", 7), "not a PAN-OS line at all"]);

    await until("all lines ingested", async () => (await events(a.customerId)) === 303 && (await events(b.customerId)) === 40);
    expect(await rollupTotal(a.customerId)).toBe(303);
    expect(await rollupTotal(b.customerId)).toBe(40);
    const ports = await prisma.$queryRaw<{ p: number }[]>`SELECT dst_port AS p FROM events WHERE customer_id = ${a.customerId}::uuid AND log_type = 'TRAFFIC' ORDER BY 1`;
    expect(ports.map((x) => x.p)).toEqual(tcpLines.map((_, i) => i + 1));

    await until("unknown lines kept", () => r.stats().flush.unknownLines === 2);
    const unknown = readdirSync(r.spool.unknown).map((f) => readFileSync(path.join(r.spool.unknown, f), "utf8")).join("");
    expect(unknown).toContain("unknown serial NOSUCHSERIAL0: no device has it\t");
    expect(unknown).toContain("no PAN-OS payload");
    expect(unknown).toContain("\tnot a PAN-OS line at all\n");
    const s = r.stats();
    expect(s.receivedLines).toBe(345);
    expect(s.spool.spooledLines).toBe(345);
    expect(s.udpDropped).toBe(0);
    await until("spool emptied", () => readdirSync(r.spool.incoming).length === 0 && readdirSync(r.spool.parts).length === 0);
  });

  it("a full spool is reported, pauses TCP without losing a line, counts dropped UDP, and resumes when ingest frees space", async () => {
    const a = await tenant();
    const dir = tempDir("mamori-syslog-full-");
    const logs: string[] = [];
    const quota = 64 * 1024;
    const r = await startSyslogReceiver(
      { host: "127.0.0.1", udp: 0, tcp: 0, spool: path.join(dir, "spool"), spoolMaxBytes: quota, rotateMs: 200, highWater: 16 * 1024, statsMs: 100 },
      { log: (m) => logs.push(m), holdFlush: true },
    );
    open.push(r);
    const lines = Array.from({ length: 400 }, (_, i) => line(a.serial, i)); // ~4x the quota
    const sent = sendTcp(r.ports.tcp!, lines.join("\n") + "\n");

    await until("spool full", () => r.stats().spool.full);
    const s = r.stats();
    expect(s.spool.usedBytes).toBeLessThanOrEqual(quota);
    expect(s.spool.spooledLines).toBeLessThan(400);
    expect(logs.some((m) => m.includes("syslog spool: FULL"))).toBe(true);
    await until("stats line says FULL", () => logs.some((m) => m.startsWith("syslog: received") && m.includes(" FULL")));

    await sendUdp(r.ports.udp!, [line(a.serial, 5000)]);
    await until("UDP drop counted", () => r.stats().udpDropped === 1);
    expect(logs.some((m) => m.includes("UDP message(s) DROPPED"))).toBe(true);

    r.flusher.pause(false);
    await sent;
    await until("every TCP line ingested", async () => (await events(a.customerId)) === 400, 60_000);
    expect(r.stats().spool.spooledLines).toBe(400);
    expect(logs.some((m) => m.includes("space available again"))).toBe(true);
  });

  it("with --tls-client-auth takes lines only from clients whose certificate the CA signed", async () => {
    const a = await tenant();
    const dir = tempDir("mamori-syslog-mtls-");
    const { cert, key } = selfSignedCert(dir);
    const ca = selfSignedCert(mkdtempSync(path.join(dir, "ca-")));
    const clientKey = path.join(dir, "client.key");
    const clientCsr = path.join(dir, "client.csr");
    const clientCert = path.join(dir, "client.pem");
    execFileSync("openssl", ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", clientKey, "-out", clientCsr, "-subj", "/CN=fw"], { stdio: "ignore" });
    execFileSync("openssl", ["x509", "-req", "-in", clientCsr, "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial", "-out", clientCert, "-days", "1"], { stdio: "ignore" });
    const r = await startSyslogReceiver(
      { host: "127.0.0.1", tls: 0, tlsCert: cert, tlsKey: key, tlsCa: ca.cert, tlsClientAuth: true, spool: path.join(dir, "spool"), rotateMs: 200, statsMs: 100_000 },
      { log: () => {} },
    );
    open.push(r);
    // Without a client certificate the handshake fails (or the server drops the connection at once).
    const anonymous = tls.connect({ port: r.ports.tls!, host: "127.0.0.1", rejectUnauthorized: false });
    anonymous.on("error", () => {});
    anonymous.write(line(a.serial, 1) + "\n");
    await new Promise((res) => anonymous.on("close", res));
    const client = tls.connect({ port: r.ports.tls!, host: "127.0.0.1", rejectUnauthorized: false, cert: readFileSync(clientCert), key: readFileSync(clientKey) });
    await new Promise<void>((resolve, reject) => client.once("secureConnect", () => resolve()).once("error", reject));
    await new Promise<void>((resolve) => client.end(line(a.serial, 2) + "\n", () => resolve()));
    await until("the authenticated line ingested", async () => (await events(a.customerId)) === 1);
    await new Promise((res) => setTimeout(res, 500));
    const ports = await prisma.$queryRaw<{ p: number }[]>`SELECT dst_port AS p FROM events WHERE customer_id = ${a.customerId}::uuid`;
    expect(ports.map((x) => x.p)).toEqual([3]);
    expect(r.stats().receivedLines).toBe(1);
  });

  it("ingests a repeated batch of identical lines again (a new segment is new content)", async () => {
    const a = await tenant();
    const dir = tempDir("mamori-syslog-repeat-");
    const r = await startSyslogReceiver({ host: "127.0.0.1", tcp: 0, spool: path.join(dir, "spool"), rotateMs: 200, statsMs: 100_000 });
    open.push(r);
    const batch = Array.from({ length: 10 }, (_, i) => line(a.serial, i)).join("\n") + "\n";
    await sendTcp(r.ports.tcp!, batch);
    await until("first batch", async () => (await events(a.customerId)) === 10);
    await sendTcp(r.ports.tcp!, batch);
    await until("second batch", async () => (await events(a.customerId)) === 20);
    expect(await prisma.ingestFile.count({ where: { customerId: a.customerId, status: "done" } })).toBeGreaterThanOrEqual(2);
  });
});
