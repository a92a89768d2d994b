import { EventEmitter } from "node:events";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { open, readdir, rename, stat, unlink, truncate, type FileHandle } from "node:fs/promises";
import path from "node:path";

// The durable spool of the syslog receiver. Received messages are appended to the open segment
// `incoming/<id>.open` and fdatasync'ed before they count as received ("spooled"): one fsync
// covers everything queued meanwhile (group commit). A segment is closed (renamed `.ready`) by
// size or age; the flusher (flusher.ts) takes ready segments from there.
//
// Memory is bounded: the queue of not-yet-written bytes has a high-water mark the receiver
// checks to pause TCP sockets; UDP, which cannot be paused, is refused beyond a hard limit.
// Disk is bounded: a quota (bytes of every file under the spool directory) and a real ENOSPC
// both stop writing; queued data stays queued (never half-written: a failed append is truncated
// back) and is retried when the flusher frees space. The state is visible in stats() and logged.

export interface SpoolOptions {
  dir: string;
  /** Quota for all files under dir, bytes. */
  maxBytes: number;
  /** Close the open segment when it reaches this size. */
  rotateBytes: number;
  /** …or when it is this old (and not empty). */
  rotateMs: number;
  /** Queued (not yet durable) bytes above which TCP input pauses. */
  highWater?: number;
  /** Queued bytes above which UDP datagrams are dropped (counted). */
  hardLimit?: number;
  log?: (m: string) => void;
  /** After each fsync: total messages durable so far in this process. */
  onSpooled?: (total: number) => void;
}

export interface SpoolStats {
  spooledLines: number;
  spooledBytes: number;
  queuedBytes: number;
  usedBytes: number;
  maxBytes: number;
  full: boolean;
  lastError: string | null;
  segmentsClosed: number;
  fsyncs: number;
  /** Time spent in write + fdatasync, ms. */
  writeMs: number;
}

interface Item {
  data: Buffer;
  lines: number;
  resolve: () => void;
}

export class Spool extends EventEmitter {
  readonly incoming: string;
  readonly parts: string;
  readonly unknown: string;
  private queue: Item[] = [];
  private queuedBytes = 0;
  private running = false;
  private fh: FileHandle | null = null;
  private segPath = "";
  private segSize = 0;
  private segOpenedAt = 0;
  private lastMs = 0;
  private lastSeq = 0;
  private usedBytes = 0;
  private full = false;
  private lastError: string | null = null;
  private spooledLines = 0;
  private spooledBytes = 0;
  private segmentsClosed = 0;
  private fsyncs = 0;
  private writeMs = 0;
  private rotateWanted = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private lastFullLog = 0;
  private loggedError: string | null = null;
  private lastErrorLog = 0;
  readonly highWater: number;
  readonly hardLimit: number;
  private readonly log: (m: string) => void;

  constructor(private readonly opts: SpoolOptions) {
    super();
    this.incoming = path.join(opts.dir, "incoming");
    this.parts = path.join(opts.dir, "parts");
    this.unknown = path.join(opts.dir, "unknown");
    this.highWater = opts.highWater ?? 8 * 1024 * 1024;
    this.hardLimit = opts.hardLimit ?? 32 * 1024 * 1024;
    this.log = opts.log ?? (() => {});
  }

  /** Creates the directories, closes segments a crash left open (cut to their last whole line), measures usage. */
  async open(): Promise<void> {
    for (const d of [this.incoming, this.parts, this.unknown]) mkdirSync(d, { recursive: true });
    this.lock();
    for (const f of (await readdir(this.incoming)).sort()) {
      if (!f.endsWith(".open")) continue;
      const p = path.join(this.incoming, f);
      // A line without its newline was never fsynced as a whole, so never counted as received.
      const keep = await endOfLastLine(p);
      if (keep === 0) {
        await unlink(p);
        continue;
      }
      await truncate(p, keep);
      await rename(p, p.replace(/\.open$/, ".ready"));
      this.log(`syslog spool: recovered segment ${f} (${keep} bytes)`);
    }
    syncDir(this.incoming);
    for (const d of [this.incoming, this.parts, this.unknown]) {
      for (const f of await readdir(d)) {
        const m = /^(\d{14})-(\d{6})\./.exec(f);
        if (!m) continue;
        const ms = Number(m[1]);
        const seq = Number(m[2]);
        if (ms > this.lastMs || (ms === this.lastMs && seq > this.lastSeq)) [this.lastMs, this.lastSeq] = [ms, seq];
      }
    }
    await this.refreshUsage();
    this.timer = setInterval(() => this.tick(), Math.min(1000, Math.max(50, this.opts.rotateMs / 2)));
  }

  /** Re-measures disk usage (the flusher calls it after deleting files) and retries a blocked queue. */
  async refreshUsage(): Promise<void> {
    let total = 0;
    for (const d of [this.incoming, this.parts, this.unknown]) {
      for (const f of await readdir(d)) total += await stat(path.join(d, f)).then((s) => s.size, () => 0);
    }
    this.usedBytes = total;
    this.kick();
  }

  /** True when a TCP socket should stop reading. */
  get congested(): boolean {
    return this.full || this.queuedBytes >= this.highWater;
  }

  /** UDP cannot wait: it may queue only while the spool is writable and under the hard limit. */
  acceptsDatagram(bytes: number): boolean {
    return !this.closed && !this.full && this.queuedBytes + bytes <= this.hardLimit;
  }

  /** Queues messages; resolves once they are on disk and fsynced. */
  append(messages: Buffer[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("spool closed"));
    const parts: Buffer[] = [];
    for (const m of messages) parts.push(m, NEWLINE);
    const data = Buffer.concat(parts);
    return new Promise((resolve) => {
      this.queue.push({ data, lines: messages.length, resolve });
      this.queuedBytes += data.length;
      this.kick();
    });
  }

  stats(): SpoolStats {
    return {
      spooledLines: this.spooledLines,
      spooledBytes: this.spooledBytes,
      queuedBytes: this.queuedBytes,
      usedBytes: this.usedBytes,
      maxBytes: this.opts.maxBytes,
      full: this.full,
      lastError: this.lastError,
      segmentsClosed: this.segmentsClosed,
      fsyncs: this.fsyncs,
      writeMs: Math.round(this.writeMs),
    };
  }

  /** Closes the open segment now (it becomes ready for the flusher). */
  rotate(): Promise<void> {
    this.rotateWanted = true;
    this.kick();
    return this.idle();
  }

  /** Resolves when nothing is queued and no write is running (or the spool is blocked). */
  async idle(): Promise<void> {
    // An "idle" event can come from a pass that ended just before more work was asked for: re-check.
    while (this.running || this.rotateWanted || (this.queue.length && !this.full && !this.lastError)) {
      await new Promise((r) => this.once("idle", r));
    }
  }

  /** Writes what is queued (if it can), closes the segment, stops. Queued data that cannot be written is reported. */
  async close(): Promise<void> {
    await this.rotate();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    rmSync(path.join(this.opts.dir, "receiver.pid"), { force: true });
    if (this.queue.length) this.log(`syslog spool: closing with ${this.queue.length} unwritten chunk(s) (${this.queuedBytes} bytes): spool full or failing`);
  }

  /** One receiver per spool: two would route the same segments. A lock left by a killed receiver is taken over. */
  private lock(): void {
    const file = path.join(this.opts.dir, "receiver.pid");
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, String(process.pid), { flag: "wx" });
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const pid = Number(readFileSync(file, "utf8").trim());
      if (pid && pid !== process.pid && alive(pid)) throw new Error(`spool ${this.opts.dir} is in use by the receiver with pid ${pid}`);
      rmSync(file, { force: true });
    }
    throw new Error(`cannot lock spool ${this.opts.dir}`);
  }

  private tick(): void {
    if (this.fh && this.segSize > 0 && Date.now() - this.segOpenedAt >= this.opts.rotateMs) this.rotateWanted = true;
    if (this.lastError) this.lastError = null; // retry a failed write (ENOSPC may have cleared)
    this.kick();
  }

  private kick(): void {
    if (this.running) return;
    if (!this.rotateWanted && (!this.queue.length || this.lastError)) return;
    this.running = true;
    void this.pump().finally(() => {
      this.running = false;
      if (!this.congested) this.emit("drain");
      this.emit("idle");
      if (this.rotateWanted || (this.queue.length && !this.full && !this.lastError)) this.kick();
    });
  }

  private async pump(): Promise<void> {
    for (;;) {
      if (this.queue.length && !this.lastError) {
        // Take whole items that fit the quota (always at least one when the spool is empty, so an item larger than the quota cannot wedge it).
        const take: Item[] = [];
        let bytes = 0;
        for (const it of this.queue) {
          if (this.usedBytes + bytes + it.data.length > this.opts.maxBytes && !(this.usedBytes === 0 && take.length === 0)) break;
          take.push(it);
          bytes += it.data.length;
          if (bytes >= 4 * 1024 * 1024) break;
        }
        if (!take.length) {
          this.setFull(true);
          if (this.rotateWanted) await this.closeSegment();
          return;
        }
        try {
          await this.write(take.map((t) => t.data), bytes);
        } catch (err) {
          this.lastError = `spool write failed: ${(err as Error).message}`;
          // Retried every second: say it once, then every 10 s while it lasts.
          if (this.lastError !== this.loggedError || Date.now() - this.lastErrorLog > 10_000) {
            this.loggedError = this.lastError;
            this.lastErrorLog = Date.now();
            this.log(`syslog spool: ${this.lastError}; ${this.queuedBytes} bytes stay queued and are retried`);
          }
          if ((err as NodeJS.ErrnoException).code === "ENOSPC") this.setFull(true);
          // The retry goes to a fresh file: the failed one (cut back to its whole lines) is closed
          // for ingest, which is also what frees space.
          await this.closeSegment().catch(() => {});
          return;
        }
        this.loggedError = null;
        this.setFull(false);
        this.queue.splice(0, take.length);
        this.queuedBytes -= bytes;
        let lines = 0;
        for (const t of take) lines += t.lines;
        this.spooledLines += lines;
        this.spooledBytes += bytes;
        this.opts.onSpooled?.(this.spooledLines);
        for (const t of take) t.resolve();
        if (this.segSize >= this.opts.rotateBytes) this.rotateWanted = true;
        if (!this.congested) this.emit("drain");
      } else if (this.rotateWanted) {
        await this.closeSegment();
      } else return;
    }
  }

  private async write(chunks: Buffer[], bytes: number): Promise<void> {
    if (!this.fh) {
      // Ids only grow, even if the clock steps back: a new segment never reuses a name on disk.
      const ms = Math.max(Date.now(), this.lastMs);
      this.lastSeq = ms === this.lastMs ? this.lastSeq + 1 : 0;
      this.lastMs = ms;
      const id = segmentId(ms, this.lastSeq);
      this.segPath = path.join(this.incoming, `${id}.open`);
      this.fh = await open(this.segPath, "a");
      this.segSize = 0;
      this.segOpenedAt = Date.now();
      syncDir(this.incoming);
    }
    const t0 = performance.now();
    try {
      const { bytesWritten } = await this.fh.writev(chunks);
      // A nearly full disk can take part of a write without an error: that is a failed write too.
      if (bytesWritten !== bytes) throw Object.assign(new Error(`ENOSPC: short write, ${bytesWritten} of ${bytes} bytes`), { code: "ENOSPC" });
      await this.fh.datasync();
      this.fsyncs++;
      this.writeMs += performance.now() - t0;
    } catch (err) {
      // Never leave half an append behind: a retry would write it again after the torn part.
      await this.fh.truncate(this.segSize).catch(() => {});
      throw err;
    }
    this.segSize += bytes;
    this.usedBytes += bytes;
  }

  private async closeSegment(): Promise<void> {
    this.rotateWanted = false;
    if (!this.fh) return;
    const fh = this.fh;
    this.fh = null;
    await fh.close();
    if (this.segSize === 0) await unlink(this.segPath).catch(() => {});
    else {
      await rename(this.segPath, this.segPath.replace(/\.open$/, ".ready"));
      this.segmentsClosed++;
      this.emit("segment");
    }
    syncDir(this.incoming);
  }

  private setFull(full: boolean): void {
    if (full && (!this.full || Date.now() - this.lastFullLog > 10_000)) {
      this.lastFullLog = Date.now();
      this.log(
        `syslog spool: FULL (${this.usedBytes} of ${this.opts.maxBytes} bytes used, ${this.queuedBytes} bytes queued): TCP input paused, UDP datagrams dropped and counted, until ingest frees space`,
      );
    } else if (!full && this.full) this.log(`syslog spool: space available again (${this.usedBytes} of ${this.opts.maxBytes} bytes used)`);
    this.full = full;
  }
}

const NEWLINE = Buffer.from("\n");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Offset just past the last newline of a file, read backwards in 64 KiB steps. */
async function endOfLastLine(file: string): Promise<number> {
  const fh = await open(file, "r");
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - buf.length);
      const { bytesRead } = await fh.read(buf, 0, end - start, start);
      const i = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (i >= 0) return start + i + 1;
      end = start;
    }
    return 0;
  } finally {
    await fh.close();
  }
}

/** Sortable segment ids: time then a counter. */
export function segmentId(ms: number, seq: number): string {
  if (seq > 999_999) throw new Error("more than a million segments in one millisecond");
  return `${String(ms).padStart(14, "0")}-${String(seq).padStart(6, "0")}`;
}

/** fsync of a directory makes renames and new files in it durable. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
