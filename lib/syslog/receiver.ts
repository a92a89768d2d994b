import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";
import type { Duplex } from "node:stream";
import { z } from "zod";
import { Flusher, type FlushStats } from "./flusher";
import { datagramMessages, SyslogFramer } from "./framing";
import { Spool, type SpoolStats } from "./spool";

// `soc syslog`: receives PAN-OS syslog over UDP, TCP and TLS, spools it durably (spool.ts) and
// feeds it to the ingest pipeline in batches (flusher.ts). What "received" means per transport
// is in lib/syslog/README.md: a message counts once it is fsynced in the spool.

const port = z.coerce.number().int().min(0).max(65535);

export const receiverOptionsSchema = z
  .object({
    host: z.string().min(1).default("0.0.0.0"),
    udp: port.optional(),
    tcp: port.optional(),
    tls: port.optional(),
    tlsCert: z.string().optional(),
    tlsKey: z.string().optional(),
    tlsCa: z.string().optional(),
    tlsClientAuth: z.boolean().default(false),
    spool: z.string().min(1),
    spoolMaxBytes: z.number().int().min(64 * 1024).default(1024 * 1024 * 1024),
    // A segment is routed in memory: keep it well below the process's memory.
    rotateBytes: z.number().int().min(1024).max(256 * 1024 * 1024).default(16 * 1024 * 1024),
    rotateMs: z.number().int().min(50).default(5000),
    batchLines: z.number().int().min(1).optional(),
    maxFrame: z.number().int().min(1024).default(64 * 1024),
    // Each connection may hold one read chunk and one partial frame in memory: bound their number.
    maxConnections: z.number().int().min(1).default(1000),
    highWater: z.number().int().min(1024).optional(),
    statsMs: z.number().int().min(100).default(10_000),
  })
  .refine((o) => o.udp !== undefined || o.tcp !== undefined || o.tls !== undefined, { message: "give at least one of --udp, --tcp, --tls" })
  .refine((o) => o.tls === undefined || (o.tlsCert && o.tlsKey), { message: "--tls needs --tls-cert and --tls-key" });
export type ReceiverOptions = z.input<typeof receiverOptionsSchema>;

export interface ReceiverStats {
  tcpConnections: number;
  receivedLines: number;
  udpDropped: number;
  oversized: number;
  spool: SpoolStats;
  flush: FlushStats;
}

export interface SyslogReceiver {
  ports: { udp?: number; tcp?: number; tls?: number };
  spool: Spool;
  flusher: Flusher;
  stats(): ReceiverStats;
  close(): Promise<void>;
}

export async function startSyslogReceiver(
  input: ReceiverOptions,
  hooks: { log?: (m: string) => void; onSpooled?: (total: number) => void; holdFlush?: boolean } = {},
): Promise<SyslogReceiver> {
  const o = receiverOptionsSchema.parse(input);
  const log = hooks.log ?? (() => {});
  const spool = new Spool({
    dir: o.spool,
    maxBytes: o.spoolMaxBytes,
    rotateBytes: o.rotateBytes,
    rotateMs: o.rotateMs,
    highWater: o.highWater,
    log,
    onSpooled: hooks.onSpooled,
  });
  await spool.open();
  const flusher = new Flusher(spool, { batchLines: o.batchLines, log, intervalMs: Math.max(500, o.rotateMs) });
  if (hooks.holdFlush) flusher.pause(true);
  flusher.start();

  const counters = { tcpConnections: 0, receivedLines: 0, udpDropped: 0, oversized: 0 };
  const sockets = new Set<Duplex>();
  const paused = new Set<Duplex>();
  // One 'drain' listener for all sockets: resume those paused while the spool was congested.
  spool.on("drain", () => {
    for (const s of paused) s.resume();
    paused.clear();
  });

  const onStream = (socket: net.Socket | tls.TLSSocket) => {
    counters.tcpConnections++;
    sockets.add(socket);
    const framer = new SyslogFramer(o.maxFrame);
    const take = (messages: Buffer[]) => {
      if (!messages.length) return;
      counters.receivedLines += messages.length;
      void spool.append(messages).catch(() => {});
      if (spool.congested) {
        socket.pause(); // back-pressure: the kernel buffer fills and the sender's writes block
        paused.add(socket);
      }
    };
    socket.on("data", (chunk: Buffer) => {
      const before = framer.stats.oversized;
      take(framer.push(chunk));
      counters.oversized += framer.stats.oversized - before;
    });
    socket.on("end", () => take(framer.end()));
    socket.on("error", (e) => log(`syslog: connection from ${socket.remoteAddress}: ${e.message}`));
    socket.on("close", () => {
      sockets.delete(socket);
      paused.delete(socket);
    });
  };

  const servers: { close: (cb: () => void) => void }[] = [];
  const ports: SyslogReceiver["ports"] = {};
  let udp: dgram.Socket | null = null;
  try {
    if (o.tcp !== undefined) {
      const server = net.createServer(onStream);
      server.maxConnections = o.maxConnections;
      ports.tcp = await listen(server, o.tcp, o.host);
      servers.push(server);
    }
    if (o.tls !== undefined) {
      const server = tls.createServer(
        {
          cert: readFileSync(o.tlsCert!),
          key: readFileSync(o.tlsKey!),
          ca: o.tlsCa ? readFileSync(o.tlsCa) : undefined,
          requestCert: o.tlsClientAuth,
          rejectUnauthorized: o.tlsClientAuth,
        },
        onStream,
      );
      server.maxConnections = o.maxConnections;
      server.on("tlsClientError", (e) => log(`syslog: TLS handshake failed: ${e.message}`));
      ports.tls = await listen(server, o.tls, o.host);
      servers.push(server);
    }
    if (o.udp !== undefined) {
      const sock = dgram.createSocket({ type: o.host.includes(":") ? "udp6" : "udp4", recvBufferSize: 8 * 1024 * 1024 });
      udp = sock;
      let lastDropLog = 0;
      sock.on("message", (msg) => {
        const messages = datagramMessages(msg);
        if (!messages.length) return;
        if (!spool.acceptsDatagram(msg.length)) {
          // UDP has no way to slow the sender: count and report, never drop silently.
          counters.udpDropped += messages.length;
          if (Date.now() - lastDropLog > 5000) {
            lastDropLog = Date.now();
            log(`syslog: UDP message(s) DROPPED (spool ${spool.stats().full ? "full" : "congested"}); ${counters.udpDropped} dropped so far`);
          }
          return;
        }
        counters.receivedLines += messages.length;
        void spool.append(messages).catch(() => {});
      });
      await new Promise<void>((resolve, reject) => {
        sock.once("error", reject);
        sock.bind(o.udp, o.host, () => {
          sock.off("error", reject);
          sock.on("error", (e) => log(`syslog: UDP: ${e.message}`));
          resolve();
        });
      });
      ports.udp = sock.address().port;
    }
  } catch (err) {
    // A port that cannot be bound: release what is already open (listeners, spool lock, timers).
    try {
      udp?.close();
    } catch {
      /* never bound */
    }
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    await flusher.stop();
    await spool.close();
    throw err;
  }

  const stats = (): ReceiverStats => ({ ...counters, spool: spool.stats(), flush: { ...flusher.stats } });
  let lastLine = "";
  const statsTimer = setInterval(() => {
    const s = stats();
    const line = `syslog: received ${s.receivedLines}, spooled ${s.spool.spooledLines}, ingested ${s.flush.ingestedLines} (${s.flush.rejected} rejected), unknown device ${s.flush.unknownLines}, UDP dropped ${s.udpDropped}${s.oversized ? `, cut (over ${o.maxFrame} bytes) ${s.oversized}` : ""}, spool ${s.spool.usedBytes}/${s.spool.maxBytes} bytes${s.spool.full ? " FULL" : ""} (${s.spool.fsyncs} fsyncs ${s.spool.writeMs} ms, split ${s.flush.splitMs} ms, ingest ${s.flush.ingestMs} ms)${s.flush.lastError ? `, flush failing: ${s.flush.lastError}` : ""}`;
    if (line !== lastLine) log(line);
    lastLine = line;
  }, o.statsMs);
  statsTimer.unref();

  return {
    ports,
    spool,
    flusher,
    stats,
    async close() {
      clearInterval(statsTimer);
      udp?.close();
      const closing = servers.map((s) => new Promise<void>((r) => s.close(() => r())));
      for (const s of sockets) s.destroy(); // what a sender wrote after this was never spooled, so never counted
      await Promise.all(closing);
      await spool.close();
      flusher.pause(false);
      await flusher.stop();
    },
  };
}

function listen(server: net.Server, p: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(p, host, () => {
      server.off("error", reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}
