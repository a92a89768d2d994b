import dgram from "node:dgram";
import net from "node:net";
import { prisma } from "@/lib/db/client";
import { trafficLine } from "@/lib/ingest/test-lines";

// `soc syslog-bench`: sends N distinct TRAFFIC lines for one device to a running `soc syslog`
// over loopback and waits until all of them are events; the rate is end to end (first byte
// sent → last event committed): framing, fsync'ed spool, split by serial, ingest, rollups.

export interface SyslogBenchOptions {
  host: string;
  port: number;
  udp?: boolean;
  serial: string;
  lines: number;
  timeoutSeconds: number;
}

const PORTS = [443, 443, 443, 80, 53, 123, 8080, 22, 3389, 25];

export function benchLines(serial: string, n: number, offset = 0): string[] {
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const i = k + offset;
    const t = `2021/12/${String(1 + (i % 28)).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:${String(Math.floor(i / 24) % 60).padStart(2, "0")}:${String(Math.floor(i / 1440) % 60).padStart(2, "0")}`;
    // Key cardinality like a real firewall (a few hundred hosts, a few thousand destinations,
    // a handful of ports), so the rollups cost what they cost in production.
    out.push(trafficLine({ time: t, serial, src: `192.0.2.${i % 211}`, dst: `198.51.${(i * 7) % 13}.${(i * 31) % 199}`, dport: PORTS[i % PORTS.length]!, action: i % 5 === 0 ? "deny" : "allow" }));
  }
  return out;
}

async function eventCount(deviceId: string): Promise<number> {
  const r = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM events WHERE device_id = ${deviceId}::uuid`;
  return Number(r[0]!.n);
}

export async function syslogBench(o: SyslogBenchOptions) {
  const device = await prisma.device.findUnique({ where: { serial: o.serial } });
  if (!device) throw new Error(`no device with serial ${o.serial}`);
  const before = await eventCount(device.id);
  const lines = benchLines(o.serial, o.lines, before);
  const started = performance.now();
  if (o.udp) await sendUdp(o.host, o.port, lines);
  else await sendTcp(o.host, o.port, lines);
  const sent = performance.now();
  let seen = before;
  let lastProgress = performance.now();
  while (seen < before + o.lines) {
    await new Promise((r) => setTimeout(r, 200));
    const n = await eventCount(device.id);
    if (n > seen) lastProgress = performance.now();
    seen = n;
    if (performance.now() - lastProgress > o.timeoutSeconds * 1000) break;
  }
  const done = seen >= before + o.lines ? performance.now() : lastProgress;
  const seconds = (done - started) / 1000;
  return {
    transport: o.udp ? "udp" : "tcp",
    sent: o.lines,
    ingested: seen - before,
    sendSeconds: Math.round((sent - started) / 10) / 100,
    seconds: Math.round(seconds * 100) / 100,
    linesPerSecond: Math.round((seen - before) / seconds),
  };
}

async function sendTcp(host: string, port: number, lines: string[]): Promise<void> {
  const socket = net.connect(port, host);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const CHUNK = 500;
  for (let i = 0; i < lines.length; i += CHUNK) {
    // Octet-counted framing (RFC 6587 §3.4.1), as rsyslog and PAN-OS send over TCP/TLS.
    const body = lines
      .slice(i, i + CHUNK)
      .map((l) => `${Buffer.byteLength(l)} ${l}`)
      .join("");
    if (!socket.write(body)) await new Promise((r) => socket.once("drain", r));
  }
  await new Promise<void>((resolve) => socket.end(resolve));
}

async function sendUdp(host: string, port: number, lines: string[]): Promise<void> {
  const sock = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  for (let i = 0; i < lines.length; i++) {
    await new Promise<void>((resolve, reject) => sock.send(lines[i]!, port, host, (e) => (e ? reject(e) : resolve())));
    if (i % 200 === 199) await new Promise((r) => setTimeout(r, 1)); // pace: loopback UDP drops when the sender outruns the socket buffer
  }
  sock.close();
}
