import { randomBytes } from "node:crypto";
import { open, readdir, rename, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { prisma } from "@/lib/db/client";
import { ingestFiles } from "@/lib/ingest/ingest";
import { parseLine } from "@/lib/ingest/panos/parse";
import { readLines } from "@/lib/ingest/source";
import { syncDir, type Spool } from "./spool";

// Moves closed spool segments into the ingest pipeline, in two durable steps:
//  1. split: a ready segment's lines are routed by device serial into one part file per
//     customer (`parts/<segment>.<customerId>.part`) and an `unknown/<segment>.unknown` file
//     (reason TAB line) for lines no device claims; all fsynced, then the segment is deleted.
//     A crash before the delete re-splits from scratch (stale parts of it are removed first).
//  2. ingest: each part goes through ingestFiles (exactly once per content, resumable per
//     batch); the part is deleted only after ingestFiles returned, i.e. after its commit.
// The database may be down: both steps then fail, are logged, and are retried; the segments
// wait on disk (the quota bounds how long).

export interface FlushStats {
  segmentsSplit: number;
  partsIngested: number;
  ingestedLines: number;
  accepted: number;
  rejected: number;
  unknownLines: number;
  failures: number;
  lastError: string | null;
  /** Time spent routing segments and in the ingest pipeline, ms. */
  splitMs: number;
  ingestMs: number;
}

export interface FlusherOptions {
  batchLines?: number;
  log?: (m: string) => void;
  /** How often to look for work when no segment was announced. */
  intervalMs?: number;
}

/** A pass that runs alone: a trigger while it runs makes it run once more afterwards. */
class Loop {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly pass: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => (this.running = null));
    return this.running;
  }

  async settled(): Promise<void> {
    while (this.running) await this.running;
  }
}

export class Flusher {
  readonly stats: FlushStats = { segmentsSplit: 0, partsIngested: 0, ingestedLines: 0, accepted: 0, rejected: 0, unknownLines: 0, failures: 0, lastError: null, splitMs: 0, ingestMs: 0 };
  // Routing (CPU in this process) and ingest (mostly waiting on PostgreSQL) overlap: the next
  // segment is routed while the previous one is being written.
  private readonly splitter = new Loop(() => this.guard(() => this.splitPass()));
  private readonly ingester = new Loop(() => this.guard(() => this.ingestPass()));
  private timer: NodeJS.Timeout | null = null;
  private paused = false;
  private readonly log: (m: string) => void;

  constructor(
    private readonly spool: Spool,
    private readonly opts: FlusherOptions = {},
  ) {
    this.log = opts.log ?? (() => {});
  }

  start(): void {
    this.spool.on("segment", () => void this.trigger());
    this.timer = setInterval(() => void this.trigger(), this.opts.intervalMs ?? 2000);
    void this.trigger();
  }

  /** Tests hold the flusher to fill the spool. */
  pause(paused: boolean): void {
    this.paused = paused;
    if (!paused) void this.trigger();
  }

  async trigger(): Promise<void> {
    if (this.paused) return;
    await Promise.all([this.splitter.run(), this.ingester.run()]);
  }

  /** Routes and ingests everything on disk now (used at shutdown), then stops the timer. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.splitter.settled();
    await this.ingester.settled();
    if (!this.paused) {
      await this.splitter.run();
      await this.ingester.run();
    }
  }

  private async guard(pass: () => Promise<void>): Promise<void> {
    try {
      await pass();
      this.stats.lastError = null;
    } catch (err) {
      this.stats.failures++;
      this.stats.lastError = (err as Error).message.split("\n")[0]!;
      this.log(`syslog flush: ${this.stats.lastError} (kept on disk, retried)`);
    } finally {
      await this.spool.refreshUsage().catch(() => {});
    }
  }

  private async splitPass(): Promise<void> {
    const ready = (await readdir(this.spool.incoming)).filter((f) => f.endsWith(".ready")).sort();
    if (!ready.length) return;
    const routes = await loadRoutes();
    for (const f of ready) {
      await this.split(f, routes);
      void this.ingester.run();
    }
  }

  private async ingestPass(): Promise<void> {
    // Listed before the parts: a part counts only if its segment is gone, i.e. its split is complete.
    const inSpool = new Set((await readdir(this.spool.incoming)).map((f) => f.split(".")[0]));
    // All waiting parts of a customer in one ingestFiles call: its per-call setup (customer
    // context, alert rules, connections) is paid once, not once per segment.
    const byCustomer = new Map<string, string[]>();
    for (const f of (await readdir(this.spool.parts)).filter((f) => f.endsWith(".part")).sort()) {
      const [seg, customerId] = f.split(".");
      if (!seg || !customerId || inSpool.has(seg)) continue;
      byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), f]);
    }
    // …in calls of at most 16 parts, so that after a long outage space is freed as ingest goes.
    for (const [customerId, files] of byCustomer) {
      for (let i = 0; i < files.length; i += 16) await this.ingest(customerId, files.slice(i, i + 16));
    }
  }

  private async split(file: string, routes: Map<string, string | null>): Promise<void> {
    const t0 = performance.now();
    const seg = file.slice(0, -".ready".length);
    const src = path.join(this.spool.incoming, file);
    // Remove what an interrupted earlier split of this segment left.
    for (const f of await readdir(this.spool.parts)) if (f.startsWith(seg + ".")) await unlink(path.join(this.spool.parts, f));
    await unlink(path.join(this.spool.unknown, `${seg}.unknown.tmp`)).catch(() => {});
    // Streamed: a segment is never held in memory, only a small buffer per output file.
    const parts = new Map<string, PartWriter>();
    let unknown: PartWriter | null = null;
    let unknownLines = 0;
    try {
      for await (const { lines } of readLines(src)) {
        for (const line of lines) {
          if (!line.trim()) continue;
          let reason: string | null = null;
          let customerId: string | null | undefined;
          let serial = quickSerial(line);
          if (serial === null) {
            const r = parseLine(line);
            if (!r.ok) reason = r.reason;
            else serial = r.kind === "event" ? r.event.serial : r.serial;
          }
          if (reason === null) {
            if (!serial) reason = "no serial in the line: cannot tell the device";
            else {
              customerId = routes.get(serial);
              if (customerId === undefined) reason = `unknown serial ${serial}: no device has it`;
              else if (customerId === null) reason = `device ${serial} is disabled`;
            }
          }
          if (reason !== null || !customerId) {
            unknown ??= await PartWriter.open(path.join(this.spool.unknown, `${seg}.unknown`));
            await unknown.add(`${reason ?? "unroutable"}\t${line}`);
            unknownLines++;
            continue;
          }
          let w = parts.get(customerId);
          if (!w) {
            w = await PartWriter.open(path.join(this.spool.parts, `${seg}.${customerId}.part`));
            // First line: 64 random bits written in blanks (space = 0, tab = 1). The pipeline skips
            // blank lines but hashes them, so two parts with identical log lines (from two segments or
            // two receivers) stay two contents and exactly-once-by-content never swallows the second.
            // Random is safe: a part is ingested only after its split is complete, so it is never
            // rebuilt once ingest may have seen it.
            await w.add(uniqueBlankLine());
            parts.set(customerId, w);
          }
          await w.add(line);
        }
      }
      for (const w of parts.values()) await w.commit();
      if (unknown) await unknown.commit();
    } finally {
      for (const w of [...parts.values(), unknown]) await w?.abandon();
    }
    if (unknownLines) {
      this.stats.unknownLines += unknownLines;
      this.log(`syslog flush: ${unknownLines} line(s) of segment ${seg} match no device; kept in ${path.join(this.spool.unknown, `${seg}.unknown`)}`);
    }
    syncDir(this.spool.parts);
    syncDir(this.spool.unknown);
    await unlink(src);
    syncDir(this.spool.incoming);
    this.stats.segmentsSplit++;
    this.stats.splitMs += Math.round(performance.now() - t0);
  }

  private async ingest(customerId: string, files: string[]): Promise<void> {
    const t0 = performance.now();
    const paths = files.map((f) => path.join(this.spool.parts, f));
    const s = await ingestFiles({ customerId }, paths, { batchLines: this.opts.batchLines, displayName: (p) => `syslog:${path.basename(p).split(".")[0]}` });
    this.stats.partsIngested += files.length;
    this.stats.ingestedLines += s.lines;
    this.stats.accepted += s.accepted;
    this.stats.rejected += s.rejected;
    this.stats.ingestMs += Math.round(performance.now() - t0);
    // Only now, with every part committed (or found already committed), are the parts deleted.
    for (const p of paths) await unlink(p);
    syncDir(this.spool.parts);
  }
}

/** serial → customer id (null for a disabled device), read fresh for each flush so new devices count at once. */
async function loadRoutes(): Promise<Map<string, string | null>> {
  const devices = await prisma.device.findMany({ select: { serial: true, customerId: true, disabled: true } });
  return new Map(devices.map((d) => [d.serial, d.disabled ? null : d.customerId]));
}

// Routing needs only the serial; the full parse happens once, in the pipeline. This matches the
// parser's anchor ("<receive time>,<serial>,<TYPE>,"); anything else goes through parseLine.
const ANCHOR = /\d{4}[/-]\d{2}[/-]\d{2}[ T]\d{2}:\d{2}:\d{2}[^,]{0,32},([^,]{1,64}),[A-Z][A-Z0-9_-]{1,31},/;

export function quickSerial(line: string): string | null {
  const m = ANCHOR.exec(line);
  return m ? m[1]! : null;
}

function uniqueBlankLine(): string {
  let bits = "";
  for (const byte of randomBytes(8)) bits += byte.toString(2).padStart(8, "0");
  return bits.replace(/0/g, " ").replace(/1/g, "\t");
}

/** Writes a file under a temporary name with a small buffer; commit() fsyncs and renames it, so it exists whole or not at all. */
class PartWriter {
  private buf: string[] = [];
  private size = 0;
  private done = false;

  private constructor(
    private readonly file: string,
    private readonly fh: FileHandle,
  ) {}

  static async open(file: string): Promise<PartWriter> {
    return new PartWriter(file, await open(file + ".tmp", "w"));
  }

  async add(line: string): Promise<void> {
    this.buf.push(line, "\n");
    this.size += line.length + 1;
    if (this.size >= 256 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buf.length) return;
    const text = this.buf.join("");
    this.buf = [];
    this.size = 0;
    await this.fh.write(text);
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.fh.datasync();
    await this.fh.close();
    this.done = true;
    await rename(this.file + ".tmp", this.file);
  }

  /** After a failure: close, and leave the temporary file for the next split to remove. */
  async abandon(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.fh.close().catch(() => {});
  }
}
