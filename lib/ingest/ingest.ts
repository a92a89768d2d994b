import { createHash } from "node:crypto";
import { once } from "node:events";
import { stat } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pgPool } from "@/lib/db/pool";
import { parseLine } from "./panos/parse";
import { CustomerContext } from "./context";
import { createPartition, existingPartitions } from "./partitions";
import { nextMonth } from "@/lib/reports/month";
import { writeRollups } from "./rollups";
import { indexFinishedMonths, refreshStatistics, summarizeNewEvents } from "./month-indexes";
import { readLines } from "./source";
import { claimFile, type Claim } from "./claim";
import { BatchBuilder, EVENT_COLUMNS } from "./batch-builder";
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from "./copy-binary";
import { BatchBuffers, BuildPool, buildHere, readBatches, recycleHere, threadsFor, type ReadBatch, type ReadyBatch } from "./build-pool";
import { AlertEvaluator, type AlertBatch } from "@/lib/alerts/evaluator"; // alert rules (lib/alerts)

// The ingest pipeline: lines → parse → enrich → COPY into events, with rollups, rejects and the
// file's resume position written in the same transaction per batch. Batches are built
// (batch-builder.ts) in worker threads for big files (build-pool.ts); this thread reads bytes
// and writes built batches in file order. Killed at any moment and
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
  /** of `seconds`, building explorer indexes of finished months (month-indexes.ts) */
  indexSeconds?: number;
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
  /** Worker threads building batches (default: threadsFor(file size)); 0 builds on this thread. */
  threads?: number;
  /** Build the explorer indexes of finished months afterwards (default true). */
  indexMonths?: boolean;
  /** Accepted lines from which the rollups are vacuumed and the months written analyzed afterwards (default 100,000: below that autovacuum is soon enough). */
  statisticsAfter?: number;
  /** Called once the file row is claimed (job pages link to its counts and rejects). */
  onClaim?: (c: { file: string; fileId: string; status: string }) => void | Promise<void>;
}

export async function ingestFiles(scope: { customerId: string }, files: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const ctx = await CustomerContext.load(scope);
  const alerts = await AlertEvaluator.load(scope); // alert rules, compiled once per ingest
  const summary: IngestSummary = { files: 0, lines: 0, accepted: 0, rejected: 0, skipped: 0, other: 0, seconds: 0 };
  const builder = new BatchBuilder(ctx, alerts.ruleCount ? alerts : null);
  const months = new Set<string>(); // UTC months that received events
  let pool: BuildPool | null = null;
  const here = new BatchBuffers();
  try {
    for (const file of files) {
      const threads = opts.threads ?? threadsFor((await stat(file)).size);
      const starting: Promise<BuildPool | null> = threads > 0 && !pool ? BuildPool.start(threads, { context: ctx.data!, alerts: alerts.data }) : Promise.resolve(pool);
      pool = await starting;
      const pooled = threads > 0 ? pool : null;
      const build: Build = pooled ? (f, first, b) => pooled.build(f, first, b) : (f, first, b) => buildHere(builder, { id: 0, fileId: f, firstLine: first, bytes: b }, here);
      const recycle = pooled ? (rows: Uint8Array[]) => pooled.recycle(rows) : recycleHere;
      const r = await ingestOneFile(ctx, file, opts, alerts, build, recycle, pooled?.size ?? 0, pooled?.buffers ?? here);
      summary.files++;
      if (r.skipped) summary.skipped++;
      summary.lines += r.lines;
      summary.accepted += r.accepted;
      summary.rejected += r.rejected;
      summary.other += r.other;
      for (const m of r.months) months.add(m);
    }
  } finally {
    await pool?.stop();
  }
  if (summary.accepted > 0) await summarizeNewEvents();
  if (summary.accepted > 0 && summary.accepted >= (opts.statisticsAfter ?? 100_000)) await refreshStatistics([...months]);
  if (opts.indexMonths !== false && summary.accepted > 0) {
    const t0 = performance.now();
    await indexFinishedMonths({ log: opts.log });
    summary.indexSeconds = Math.round((performance.now() - t0) / 10) / 100;
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
  /** UTC months (event partitions) that received rows */
  months: Set<string>;
}

type Build = (fileId: string, firstLine: number, bytes: Buffer) => Promise<ReadyBatch>;

async function ingestOneFile(
  ctx: CustomerContext,
  file: string,
  opts: IngestOptions,
  alerts: AlertEvaluator,
  build: Build,
  /** takes row buffers back once their batch is committed (they are filled again) */
  recycle: (rows: Uint8Array[]) => void,
  threads: number,
  buffers: BatchBuffers,
): Promise<FileResult> {
  const log = opts.log ?? (() => {});
  const batchLines = opts.batchLines ?? 100_000;
  // Two connections: while one batch commits on one, the next batch streams into the other.
  const clients = [await pgPool().connect(), await pgPool().connect()];
  // A lock wait that long means something is wrong: fail (the ingest resumes when run again) rather than hang.
  // Generic plans: every batch statement passes its rows as big parameters (the ~6 MB compressed
  // chunk, arrays of thousands of rollup keys), and a custom plan copies each value into the plan
  // several times over. That planning was 7% of PostgreSQL's CPU in an ingest (perf, 2.25M lines);
  // the plans themselves do not depend on the values (unnest of arrays, key lookups).
  for (const c of clients) await c.query("SET lock_timeout = '120s'; SET plan_cache_mode = force_generic_plan");
  const result: FileResult = { skipped: false, lines: 0, accepted: 0, rejected: 0, other: 0, months: new Set() };
  let claim: Claim | null = null;
  let pending: Promise<void> | null = null; // the last batch written, until it is committed
  // Each connection's last batch, until it is committed. Two batches stream their rows at once,
  // one per connection (so the last batches of a file are written on both cores, not one after
  // the other), and commit in file order: positions and alert groups only move forward.
  const busy: (Promise<void> | null)[] = [null, null];
  // Batches build ahead (two per thread, so threads never wait for the writer) while the oldest is written.
  const building: { ready: Promise<ReadyBatch>; content: ReadBatch["content"] }[] = [];
  const ahead = threads > 0 ? threads * 2 : 1;
  let batches: AsyncGenerator<ReadBatch> | null = null;
  try {
    claim = await claimFile(clients[0]!, ctx.customerId, { path: file, name: opts.displayName?.(file) ?? path.basename(file) });
    const { fileId, resumeAfter, size } = claim;
    await opts.onClaim?.({ file, fileId, status: claim.status === "done" ? "done" : "running" });
    if (claim.status === "done") {
      log(`${file}: already ingested (same content as file #${fileId}), skipped`);
      result.skipped = true;
      return result;
    }
    if (resumeAfter > 0) log(`${file}: resuming after line ${resumeAfter}`);
    // New content is hashed as it is read (claim.ts); its sha256 is recorded with the last batch.
    const hash = claim.hashing ? createHash("sha256") : undefined;
    batches = readBatches(file, batchLines, resumeAfter, buffers, hash);
    const partitions = await existingPartitions(clients[0]!);
    await createPartitionsAhead(clients[0]!, ctx, file, partitions);
    let turn = 0;
    let bytesRead = 0;
    const write = async (b: ReadyBatch, content: ReadBatch["content"], done: boolean) => {
      const i = turn;
      turn = 1 - turn;
      const client = clients[i]!;
      if (busy[i]) await busy[i];
      const newMonths = b.events.map((e) => e.month).filter((m) => !partitions.has(m));
      // Creating a partition needs the parent table to itself: no other batch's transaction open.
      if (newMonths.length && pending) await pending;
      const written = writeEvents(client, ctx, fileId, b, newMonths);
      const previous = pending;
      pending = (async () => {
        await written;
        if (previous) await previous;
        const alertBatch = alerts.batch(fileId);
        for (const m of b.alertMatches) alertBatch.addMatch(m);
        await commitBatch(client, ctx, fileId, b, alertBatch, content, done);
        recycle(b.events.flatMap((e) => e.rows)); // committed: nothing reads the rows again
        for (const m of newMonths) partitions.add(m);
        result.accepted += b.accepted;
        result.rejected += b.rejected;
        result.other += b.other;
        result.lines += b.lineCount;
        for (const e of b.events) result.months.add(e.month);
        opts.onProgress?.({ file, lines: result.lines, bytesRead, sizeBytes: size });
        await opts.afterBatch?.(b.lastLine);
      })();
      busy[i] = pending;
      pending.catch(() => {}); // awaited (and rethrown) at the next write or at the end
      if (newMonths.length) await pending;
    };
    const writeOldest = async (done: boolean) => {
      const oldest = building.shift()!;
      await write(await oldest.ready, oldest.content, done);
    };
    let readAny = false;
    for (;;) {
      const next = await batches.next();
      if (next.done) break;
      const batch = next.value;
      readAny = true;
      bytesRead = batch.bytesRead;
      building.push({ ready: build(fileId, batch.firstLine, batch.bytes), content: batch.content });
      if (building.length > ahead) await writeOldest(false);
    }
    while (building.length > 1) await writeOldest(false);
    if (building.length) await writeOldest(true);
    else if (!readAny) await markDone(clients[turn]!, fileId, resumeAfter, pending, hash?.digest("hex") ?? null); // nothing (left) to read
    await pending;
    return result;
  } catch (err) {
    await Promise.allSettled([pending, ...busy, ...building.map((x) => x.ready)]);
    for (const c of clients) await c.query("ROLLBACK").catch(() => {});
    if (claim) {
      await clients[0]!
        .query(`UPDATE ingest_files SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [claim.fileId, String((err as Error).message).slice(0, 1000)])
        .catch(() => {});
    }
    throw err;
  } finally {
    await batches?.return(undefined);
    await claim?.release().catch(() => {});
    for (const c of clients) {
      await c.query("RESET lock_timeout; RESET plan_cache_mode").catch(() => {});
      c.release();
    }
  }
}

/** A file with no lines left to read (empty, or every line committed before a crash) is done. */
async function markDone(client: pg.ClientBase, fileId: string, lines: number, pending: Promise<void> | null, sha256: string | null): Promise<void> {
  if (pending) await pending;
  await client.query(
    `UPDATE ingest_files SET status = 'done', lines_committed = GREATEST(lines_committed, $2), ${sha256WhenDone("$3")}, finished_at = now(), updated_at = now() WHERE id = $1`,
    [fileId, lines, sha256],
  );
}

/**
 * A file claimed by its head gets its content's sha256 when done (the parameter; NULL: known
 * already). Should another row have that sha256 already (one from before heads were recorded,
 * say), this one keeps none, so the old row stays the content's identity.
 */
const sha256WhenDone = (param: string) =>
  `sha256 = CASE WHEN sha256 IS NULL AND ${param}::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ingest_files o WHERE o.customer_id = ingest_files.customer_id AND o.sha256 = ${param}::text) THEN ${param}::text ELSE sha256 END`;

/** First half of a batch's transaction: the bulk rows (while the other connection writes or commits the batch before). */
async function writeEvents(client: pg.ClientBase, ctx: CustomerContext, fileId: string, b: ReadyBatch, newMonths: string[]): Promise<void> {
  await client.query("BEGIN");
  for (const m of [...newMonths].sort()) await createPartition(client, m, { inTransaction: true });
  if (b.events.length) {
    await copyIn(client, `COPY events (${EVENT_COLUMNS}) FROM STDIN (FORMAT binary)`, [COPY_BINARY_HEADER, ...b.events.flatMap((e) => e.rows), COPY_BINARY_TRAILER]);
  }
  if (b.rejects) await copyIn(client, `COPY ingest_rejects (file_id, customer_id, line_no, reason, excerpt) FROM STDIN`, [b.rejects]);
  if (b.raws) await copyIn(client, `COPY raw_logs (file_id, line_no, customer_id, device_id, log_type, time, raw) FROM STDIN`, [b.raws]);
  // last_time: the newest event of the batch, or now when it has none (retention deletes by it).
  await client.query(
    `INSERT INTO ingest_chunks (file_id, first_line, last_line, customer_id, data, last_time)
     VALUES ($1, $2, $3, $4, $5, COALESCE((SELECT max(t) FROM unnest($6::timestamptz[]) AS t), now()))`,
    [fileId, b.firstLine, b.lastLine, ctx.customerId, Buffer.from(b.chunk.buffer, b.chunk.byteOffset, b.chunk.byteLength), b.lastSeen.map((x) => x[1])],
  );
}

/** Second half, after the previous batch committed: counts, alerts, the file's position, COMMIT. */
async function commitBatch(
  client: pg.ClientBase,
  ctx: CustomerContext,
  fileId: string,
  b: ReadyBatch,
  alerts: AlertBatch,
  content: ReadBatch["content"],
  done: boolean,
): Promise<void> {
  await writeRollups(client, ctx.customerId, b.rollups);
  if (b.lastSeen.length) {
    await client.query(
      `INSERT INTO device_activity (device_id, customer_id, last_event_at, last_received_at)
       SELECT t.device_id, $1, t.at, now() FROM unnest($2::uuid[], $3::timestamptz[]) AS t(device_id, at)
       ON CONFLICT (device_id) DO UPDATE SET last_event_at = GREATEST(device_activity.last_event_at, EXCLUDED.last_event_at), last_received_at = now()`,
      [ctx.customerId, b.lastSeen.map((x) => x[0]), b.lastSeen.map((x) => x[1])],
    );
  }
  await alerts.flush(client); // alerts in the same transaction: exactly once with the events
  await client.query(
    `UPDATE ingest_files SET lines_committed = $2, accepted = accepted + $3, rejected = rejected + $4, other = other + $5,
       bytes_committed = COALESCE($7::bigint, bytes_committed), prefix_sha256 = COALESCE($8::text, prefix_sha256), ${sha256WhenDone("$9")},
       status = CASE WHEN $6 THEN 'done' ELSE status END, finished_at = CASE WHEN $6 THEN now() ELSE finished_at END, updated_at = now()
     WHERE id = $1`,
    // While hashing: where the committed content ends and its sha256 (a killed ingest resumes by them); when done, the whole content's.
    [fileId, b.lastLine, b.accepted, b.rejected, b.other, done, content?.bytes ?? null, content?.sha256 ?? null, done ? (content?.sha256 ?? null) : null],
  );
  await client.query("COMMIT");
}

/** One COPY ... FROM STDIN of ready-made bytes (text format, or binary with its header and trailer). */
async function copyIn(client: pg.ClientBase, sql: string, parts: (Uint8Array | string)[]): Promise<void> {
  const stream = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  for (const p of parts) if (!stream.write(p)) await Promise.race([once(stream, "drain"), done]);
  stream.end();
  await done;
}

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

