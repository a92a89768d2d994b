import { once } from "node:events";
import { promisify } from "node:util";
import zlib from "node:zlib";
import path from "node:path";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pgPool } from "@/lib/db/pool";
import { parseLine } from "./panos/parse";
import { localDayKey } from "./panos/time";
import type { PanosEvent } from "./panos/types";
import { CustomerContext, directionOf, type AddressInfo, type DeviceInfo } from "./context";
import { copyBool, copyNum, copyText } from "./copy-text";
import { createPartition, existingPartitions } from "./partitions";
import type { Stamp } from "./stamp";
import { nextMonth } from "@/lib/reports/month";
import { RollupBatch, threatKey } from "./rollups";
import { readLines, sha256File } from "./source";
import { AlertEvaluator, type AlertBatch } from "@/lib/alerts/evaluator"; // alert rules (lib/alerts)

// The ingest pipeline: lines → parse → enrich → COPY into events, with rollups, rejects and the
// file's resume position written in the same transaction per batch. Killed at any moment and
// run again, it ends with exactly the counts of one clean run; a file whose content was
// ingested before is skipped.

export interface IngestSummary {
  files: number;
  lines: number;
  accepted: number;
  rejected: number;
  skipped: number;
  other: number;
  seconds: number;
}

export interface IngestProgress {
  file: string;
  lines: number;
  bytesRead: number;
  sizeBytes: number;
}

export interface IngestOptions {
  batchLines?: number;
  onProgress?: (p: IngestProgress) => void;
  log?: (m: string) => void;
  /** The name recorded for the file (e.g. "stdin" for a spooled stream). */
  displayName?: (file: string) => string;
  /** Called after each committed batch (tests use it to die at a chosen point). */
  afterBatch?: (committedLines: number) => void | Promise<void>;
  /** Called once the file row is claimed (job pages link to its counts and rejects). */
  onClaim?: (c: { file: string; fileId: string; status: string }) => void | Promise<void>;
}

const EVENT_COLUMNS = [
  "customer_id", "time", "file_id", "line_no", "device_id", "log_type", "subtype", "fn", "action", "allowed", "is_session",
  "repeat_count", "src_ip", "dst_ip", "src_port", "dst_port", "protocol", "app", "rule", "src_zone", "dst_zone", "src_user",
  "dst_user", "direction", "url", "category", "threat_id", "threat_name", "severity", "bytes", "packets", "src_country",
  "dst_country", "src_org", "dst_org",
].join(", ");

const THREAT_FUNCTIONS = new Set(["vulnerability", "spyware", "virus", "wildfire"]);
const COPY_CHUNK = 256 * 1024;
const brotli = promisify(zlib.brotliCompress);
const EXCERPT = 200;

/** A COPY stream with its own write buffer (one write per ~256 KB, not per row). */
class CopyWriter {
  private buf = "";
  private readonly stream: NodeJS.WritableStream & { on: (e: string, f: (...a: unknown[]) => void) => unknown };
  private readonly done: Promise<unknown>;
  rows = 0;

  constructor(client: pg.ClientBase, sql: string) {
    this.stream = client.query(copyFrom(sql)) as never;
    this.done = new Promise((resolve, reject) => {
      this.stream.on("finish", resolve);
      this.stream.on("error", reject);
    });
    this.done.catch(() => {});
  }

  async push(row: string): Promise<void> {
    this.buf += row;
    this.rows++;
    if (this.buf.length >= COPY_CHUNK) await this.drainBuffer();
  }

  private async drainBuffer(): Promise<void> {
    if (!this.buf.length) return;
    const chunk = this.buf;
    this.buf = "";
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream as never, "drain"), this.done]);
  }

  async end(): Promise<void> {
    await this.drainBuffer();
    this.stream.end();
    await this.done;
  }
}

interface FileRow {
  id: string;
  status: string;
  lines_committed: string;
}

/** Claims a file for ingest (or finds it done), holding an advisory lock so two processes never ingest it at once. */
async function claimFile(client: pg.ClientBase, ctx: CustomerContext, name: string, sha256: string, size: number): Promise<FileRow> {
  await client.query(
    `INSERT INTO ingest_files (customer_id, sha256, name, size_bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (customer_id, sha256) DO NOTHING`,
    [ctx.customerId, sha256, name, size],
  );
  const { rows } = await client.query<FileRow>(`SELECT id::text, status, lines_committed::text FROM ingest_files WHERE customer_id = $1 AND sha256 = $2`, [
    ctx.customerId,
    sha256,
  ]);
  const file = rows[0]!;
  await client.query(`SELECT pg_advisory_lock(727272, $1::int)`, [Number(file.id) % 2 ** 31]);
  // Re-read after the lock: another process may have finished it while we waited.
  const again = await client.query<FileRow>(`SELECT id::text, status, lines_committed::text FROM ingest_files WHERE id = $1`, [file.id]);
  return again.rows[0]!;
}

export async function ingestFiles(scope: { customerId: string }, files: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const ctx = await CustomerContext.load(scope);
  const alerts = await AlertEvaluator.load(scope); // alert rules, compiled once per ingest
  const summary: IngestSummary = { files: 0, lines: 0, accepted: 0, rejected: 0, skipped: 0, other: 0, seconds: 0 };
  for (const file of files) {
    const r = await ingestOneFile(ctx, file, opts, alerts);
    summary.files++;
    if (r.skipped) summary.skipped++;
    summary.lines += r.lines;
    summary.accepted += r.accepted;
    summary.rejected += r.rejected;
    summary.other += r.other;
  }
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
}

interface FileResult {
  skipped: boolean;
  lines: number;
  accepted: number;
  rejected: number;
  other: number;
}

async function ingestOneFile(ctx: CustomerContext, file: string, opts: IngestOptions, alerts: AlertEvaluator): Promise<FileResult> {
  const log = opts.log ?? (() => {});
  const batchLines = opts.batchLines ?? 50_000;
  const { sha256, size } = await sha256File(file);
  // Two connections: while one batch commits on one, the next batch streams into the other.
  const clients = [await pgPool().connect(), await pgPool().connect()];
  // A lock wait that long means something is wrong: fail (the ingest resumes when run again) rather than hang.
  for (const c of clients) await c.query("SET lock_timeout = '120s'");
  const result: FileResult = { skipped: false, lines: 0, accepted: 0, rejected: 0, other: 0 };
  let fileId = "";
  let pending: Promise<void> | null = null;
  try {
    const claimed = await claimFile(clients[0]!, ctx, opts.displayName?.(file) ?? path.basename(file), sha256, size);
    fileId = claimed.id;
    await opts.onClaim?.({ file, fileId, status: claimed.status });
    if (claimed.status === "done") {
      log(`${file}: already ingested (same content as file #${claimed.id}), skipped`);
      result.skipped = true;
      return result;
    }
    const resumeAfter = Number(claimed.lines_committed);
    if (resumeAfter > 0) log(`${file}: resuming after line ${resumeAfter}`);
    const partitions = await existingPartitions(clients[0]!);
    await createPartitionsAhead(clients[0]!, ctx, file, partitions);
    let turn = 0;
    let batch = new Batch(clients[turn]!, ctx, fileId, partitions, resumeAfter, alerts);
    await batch.begin();
    const finish = async (b: Batch, done: boolean) => {
      if (pending) await pending; // batches commit in order: positions only move forward
      const createsPartitions = b.createsPartitions;
      pending = b.commit({ done }).then(async () => {
        result.accepted += b.accepted;
        result.rejected += b.rejected;
        result.other += b.other;
        result.lines += b.lineCount;
        await opts.afterBatch?.(b.lastLine);
      });
      pending.catch(() => {}); // awaited (and rethrown) at the next finish or at the end
      // Creating a partition needs the parent table to itself: the next batch must not have
      // opened its transaction (and locked events) before this one commits.
      if (createsPartitions) await pending;
    };
    let lineNo = 0;
    for await (const { lines, bytesRead } of readLines(file)) {
      for (const line of lines) {
        lineNo++;
        if (lineNo <= resumeAfter) continue;
        batch.addLine(lineNo, line);
        if (line.length === 0 || line.trim().length === 0) continue;
        await batch.add(lineNo, line);
        if (batch.lineCount >= batchLines) {
          await batch.endCopy();
          await finish(batch, false);
          turn = 1 - turn;
          batch = new Batch(clients[turn]!, ctx, fileId, partitions, lineNo, alerts);
          await batch.begin();
        }
      }
      opts.onProgress?.({ file, lines: result.lines + batch.lineCount, bytesRead, sizeBytes: size });
    }
    batch.lastLine = Math.max(batch.lastLine, lineNo);
    await batch.endCopy();
    await finish(batch, true);
    await pending;
    return result;
  } catch (err) {
    await Promise.allSettled([pending]);
    for (const c of clients) await c.query("ROLLBACK").catch(() => {});
    if (fileId) {
      await clients[0]!
        .query(`UPDATE ingest_files SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [fileId, String((err as Error).message).slice(0, 1000)])
        .catch(() => {});
    }
    throw err;
  } finally {
    if (fileId) await clients[0]!.query(`SELECT pg_advisory_unlock(727272, $1::int)`, [Number(fileId) % 2 ** 31]).catch(() => {});
    for (const c of clients) {
      await c.query("RESET lock_timeout").catch(() => {});
      c.release();
    }
  }
}

const NULL = "\\N";

/**
 * Partitions for the months at the start of the file (and the next month), created before any
 * batch transaction is open; months that appear later are created inside their batch.
 */
async function createPartitionsAhead(client: pg.ClientBase, ctx: CustomerContext, file: string, partitions: Set<string>): Promise<void> {
  const months = new Set<string>();
  let seen = 0;
  outer: for await (const { lines } of readLines(file)) {
    for (const line of lines) {
      if (++seen > 2000) break outer;
      const r = parseLine(line);
      if (!r.ok || r.kind !== "event") continue;
      const device = ctx.devices.get(r.event.serial ?? "") ?? (ctx.devices.size === 1 ? ctx.devices.values().next().value : undefined);
      const m = device?.stamp(r.event.generatedTime)?.utcMonth;
      if (m) {
        months.add(m);
        months.add(nextMonth(m));
      }
    }
  }
  for (const m of [...months].sort()) {
    if (partitions.has(m)) continue;
    await createPartition(client, m);
    partitions.add(m);
  }
}

/** One transaction's worth of lines. */
class Batch {
  lineCount = 0;
  accepted = 0;
  rejected = 0;
  other = 0;
  lastLine: number;
  private firstLine = 0;
  private rawLines: string[] = []; // every line of the batch, in order, kept compressed in ingest_chunks
  private events!: CopyWriter;
  private readonly rejects: string[] = [];
  private readonly raws: string[] = [];
  private readonly overflow: string[] = []; // rows for months whose partition does not exist yet
  private readonly newMonths = new Set<string>();
  private readonly rollups = new RollupBatch();
  private readonly lastSeen = new Map<string, string>(); // device → time of its newest event in this batch
  private readonly alerts: AlertBatch;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly ctx: CustomerContext,
    private readonly fileId: string,
    private readonly partitions: Set<string>,
    committedLine: number,
    evaluator: AlertEvaluator,
  ) {
    this.lastLine = committedLine;
    this.alerts = evaluator.batch(fileId);
  }

  get createsPartitions(): boolean {
    return this.newMonths.size > 0;
  }

  async begin(): Promise<void> {
    await this.client.query("BEGIN");
    this.events = new CopyWriter(this.client, `COPY events (${EVENT_COLUMNS}) FROM STDIN`);
  }

  /** Every line, blank ones too, so line numbers inside a chunk are exact. */
  addLine(lineNo: number, line: string): void {
    if (!this.firstLine) this.firstLine = lineNo;
    this.rawLines.push(line);
    this.lastLine = lineNo;
  }

  private reject(lineNo: number, reason: string, line: string): void {
    this.rejected++;
    this.rejects.push(`${this.fileId}\t${this.ctx.customerId}\t${lineNo}\t${copyText(reason)}\t${copyText(line.slice(0, EXCERPT))}\n`);
  }

  async add(lineNo: number, line: string): Promise<void> {
    this.lineCount++;
    const r = parseLine(line);
    if (!r.ok) return this.reject(lineNo, r.reason, r.excerpt ?? line);
    const device = this.deviceFor(r.kind === "event" ? r.event.serial : r.serial);
    if (!device) {
      const serial = r.kind === "event" ? r.event.serial : r.serial;
      return this.reject(lineNo, serial ? `unknown serial ${serial}: no device of customer ${this.ctx.slug} has it` : "no serial in the line and the customer has several devices", line);
    }
    if (r.kind === "other") {
      const t = r.generatedTime ? device.toUtc(r.generatedTime) : null;
      this.other++;
      this.accepted++; // kept: accepted + rejected always equals the lines read
      this.raws.push(`${this.fileId}\t${lineNo}\t${this.ctx.customerId}\t${device.id}\t${copyText(r.logType)}\t${t ? t.toISOString() : NULL}\t${copyText(line)}\n`);
      return;
    }
    const ev = r.event;
    const time = device.stamp(ev.generatedTime);
    if (!time) return this.reject(lineNo, `generated time "${ev.generatedTime}" is not a valid time`, line);
    this.accepted++;
    const src = ev.srcIp ? this.ctx.address(ev.srcIp) : null;
    const dst = ev.dstIp ? this.ctx.address(ev.dstIp) : null;
    const direction = directionOf(src, dst);
    const row = this.eventRow(lineNo, ev, device, time, src, dst, direction);
    const month = time.utcMonth;
    if (this.partitions.has(month)) await this.events.push(row);
    else {
      this.newMonths.add(month);
      this.overflow.push(row);
    }
    this.count(ev, device, time, direction);
    // Same device, same zone: local wall times compare as text (off only inside a DST fall-back hour).
    const seen = this.lastSeen.get(device.id);
    if (seen === undefined || time.text > seen) this.lastSeen.set(device.id, time.text);
    this.alerts.add(ev, time, direction, lineNo, device.id); // alert rules: new and counted alerts, written in commit()
  }

  private deviceFor(serial: string | null): DeviceInfo | undefined {
    if (serial && serial !== "no-serial") return this.ctx.devices.get(serial);
    // A forwarder that strips the serial: unambiguous only when the customer has one device.
    return this.ctx.devices.size === 1 ? this.ctx.devices.values().next().value : undefined;
  }

  // Addresses, ports, enums and country codes cannot hold tab, newline or backslash: only
  // free-text fields go through copyText.
  private eventRow(lineNo: number, ev: PanosEvent, device: DeviceInfo, time: Stamp, src: AddressInfo | null, dst: AddressInfo | null, direction: string | null): string {
    return (
      this.ctx.customerId + "\t" + time.text + "\t" + this.fileId + "\t" + lineNo + "\t" + device.id + "\t" + ev.logType + "\t" +
      copyText(ev.subtype) + "\t" + (ev.fn ?? NULL) + "\t" + copyText(ev.action) + "\t" + copyBool(ev.allowed) + "\t" + copyBool(ev.isSession) + "\t" +
      ev.repeatCount + "\t" + (ev.srcIp ?? NULL) + "\t" + (ev.dstIp ?? NULL) + "\t" + copyNum(ev.srcPort) + "\t" + copyNum(ev.dstPort) + "\t" +
      copyText(ev.protocol) + "\t" + copyText(ev.app) + "\t" + copyText(ev.rule) + "\t" + copyText(ev.srcZone) + "\t" + copyText(ev.dstZone) + "\t" +
      copyText(ev.srcUser) + "\t" + copyText(ev.dstUser) + "\t" + (direction ?? NULL) + "\t" + copyText(ev.url) + "\t" + copyText(ev.category) + "\t" +
      copyNum(ev.threatId) + "\t" + copyText(ev.threatName) + "\t" + copyText(ev.severity) + "\t" + copyNum(ev.bytes) + "\t" + copyNum(ev.packets) + "\t" +
      (src?.country ?? NULL) + "\t" + (dst?.country ?? NULL) + "\t" + copyText(src?.org) + "\t" + copyText(dst?.org) + "\n"
    );
  }

  /** Rollup counts: a session counts once (TRAFFIC start logs are not sessions), weighted by repeat count. */
  private count(ev: PanosEvent, device: DeviceInfo, time: Stamp, direction: string | null): void {
    const fn = ev.fn;
    if (!fn || (fn === "firewall" && !ev.isSession)) return;
    const n = ev.repeatCount;
    const local = ev.generatedTime;
    // Same zone for device and customer (the usual case): the local day is in the log already.
    const day = device.timezone === this.ctx.timezone && local.length >= 10 && local[4] === "-" && local[10] === " " ? local.slice(0, 10) : localDayKey(new Date(time.text.replace(" ", "T")), this.ctx.timezone);
    this.rollups.addDaily(day, fn + (ev.allowed ? "|1|" : "|0|") + device.id, n, ev.bytes ?? 0);
    const dims = this.rollups.month(day.slice(0, 7) + "-01");
    if (fn === "firewall") {
      if (ev.srcIp) RollupBatch.add(dims, "fw.src", ev.srcIp, n);
      if (ev.dstIp) RollupBatch.add(dims, "fw.dst", ev.dstIp, n);
      if (ev.dstPort !== null) {
        const port = ev.dstPort + "/" + (ev.protocol ?? "");
        RollupBatch.add(dims, "fw.port", port, n);
        RollupBatch.add(dims, "fw.dir_port", (direction ?? "unknown") + "|" + port + (ev.allowed ? "|allow" : "|deny"), n);
      }
    } else if (fn === "url") {
      RollupBatch.add(dims, "url.category", ev.category ?? "unknown", n);
    } else if (THREAT_FUNCTIONS.has(fn)) {
      const id = ev.threatId ?? "";
      RollupBatch.add(dims, "threat", threatKey(fn, ev.threatId, ev.severity, ev.threatName), n);
      if (ev.srcIp) RollupBatch.add(dims, "threat.src", fn + "|" + id + "|" + ev.srcIp, n);
      if (ev.dstIp) RollupBatch.add(dims, "threat.dst", fn + "|" + id + "|" + ev.dstIp, n);
    }
  }

  /** Finishes the event stream; the commit that follows can run while the next batch streams. */
  async endCopy(): Promise<void> {
    await this.events.end();
  }

  async commit(opts: { done?: boolean } = {}): Promise<void> {
    if (this.overflow.length) {
      for (const m of [...this.newMonths].sort()) await createPartition(this.client, m, { inTransaction: true });
      const late = new CopyWriter(this.client, `COPY events (${EVENT_COLUMNS}) FROM STDIN`);
      for (const row of this.overflow) await late.push(row);
      await late.end();
    }
    if (this.rejects.length) {
      const w = new CopyWriter(this.client, `COPY ingest_rejects (file_id, customer_id, line_no, reason, excerpt) FROM STDIN`);
      for (const row of this.rejects) await w.push(row);
      await w.end();
    }
    if (this.raws.length) {
      const w = new CopyWriter(this.client, `COPY raw_logs (file_id, line_no, customer_id, device_id, log_type, time, raw) FROM STDIN`);
      for (const row of this.raws) await w.push(row);
      await w.end();
    }
    if (this.firstLine) {
      const text = this.rawLines.join("\n") + "\n";
      this.rawLines = [];
      const data = await brotli(Buffer.from(text, "utf8"), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } });
      await this.client.query(`INSERT INTO ingest_chunks (file_id, first_line, last_line, customer_id, data) VALUES ($1, $2, $3, $4, $5)`, [
        this.fileId,
        this.firstLine,
        this.lastLine,
        this.ctx.customerId,
        data,
      ]);
    }
    await this.rollups.flush(this.client, this.ctx.customerId);
    if (this.lastSeen.size) {
      await this.client.query(
        `INSERT INTO device_activity (device_id, customer_id, last_event_at, last_received_at)
         SELECT t.device_id, $1, t.at, now() FROM unnest($2::uuid[], $3::timestamptz[]) AS t(device_id, at)
         ON CONFLICT (device_id) DO UPDATE SET last_event_at = GREATEST(device_activity.last_event_at, EXCLUDED.last_event_at), last_received_at = now()`,
        [this.ctx.customerId, [...this.lastSeen.keys()], [...this.lastSeen.values()]],
      );
    }
    await this.alerts.flush(this.client); // alerts in the same transaction: exactly once with the events
    await this.client.query(
      `UPDATE ingest_files SET lines_committed = $2, accepted = accepted + $3, rejected = rejected + $4, other = other + $5,
         status = CASE WHEN $6 THEN 'done' ELSE status END, finished_at = CASE WHEN $6 THEN now() ELSE finished_at END, updated_at = now()
       WHERE id = $1`,
      [this.fileId, this.lastLine, this.accepted, this.rejected, this.other, !!opts.done],
    );
    await this.client.query("COMMIT");
    for (const m of this.newMonths) this.partitions.add(m);
  }
}
