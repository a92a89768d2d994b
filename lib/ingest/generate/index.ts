/**
 * Realistic demo PAN-OS 10.x syslog (BSD header + default CSV) for one firewall
 * and one month, shaped like the sample monthly report at scale = 1.
 *
 *   for (const line of generateMonth({ month: "2021-12", scale: 0.01, serial: "012801096514",
 *                                      deviceName: "sample-utm", timeZone: "Asia/Tokyo" })) { ... }
 *   await writeMonth(opts, "/tmp/2021-12.log.gz", { gzip: true });
 *
 * Streaming and deterministic (same options + seed => same bytes). See engine.ts for the
 * line layout and catalog.ts for the content.
 */
import fs from "node:fs";
import { once } from "node:events";
import zlib from "node:zlib";
import { LINE_SLACK, MonthEngine, type GenerateMonthOptions, type GeneratedStats, type MonthPlan } from "./engine";

export { MonthEngine, FUNCTIONS, LINE_SLACK } from "./engine";
export type { GenerateMonthOptions, GeneratedStats, MonthPlan, DayPlan, ReportFunction } from "./engine";
export { dailyVolumeShape, dailyVolumeWeights, japaneseHolidays, HOURLY_OFFDAY, HOURLY_WORKDAY, WEEKEND_WEIGHT } from "./shape";
export type { DayShape } from "./shape";
export { BASE_VOLUME, MALFORMED_KINDS } from "./catalog";

/** Lines (without "\n") in chronological order; lazily generated, constant memory. */
export function* generateMonth(opts: GenerateMonthOptions): Generator<string, GeneratedStats, undefined> {
  const it = generateMonthChunks(opts, { chunkBytes: 256 * 1024 });
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    const chunk = r.value;
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", start)) {
      yield chunk.slice(start, nl);
      start = nl + 1;
    }
  }
}

export interface ChunkOptions {
  /** approximate bytes per chunk (default 1 MiB) */
  chunkBytes?: number;
}

/**
 * Buffers of whole lines ("\n"-terminated), ~chunkBytes each: the fast path for writers.
 * Each yielded Buffer is fresh (safe to hand to a stream without copying).
 */
export function generateMonthBuffers(opts: GenerateMonthOptions, chunk: ChunkOptions = {}): Generator<Buffer, GeneratedStats, undefined> {
  return buffersFrom(new MonthEngine(opts), chunk);
}

function* buffersFrom(eng: MonthEngine, chunk: ChunkOptions): Generator<Buffer, GeneratedStats, undefined> {
  const target = Math.max(4096, chunk.chunkBytes ?? 1 << 20);
  while (!eng.finished) {
    const buf = Buffer.allocUnsafe(target + LINE_SLACK);
    const n = eng.fill(buf, 0, target);
    if (n > 0) yield buf.subarray(0, n);
  }
  return eng.stats();
}

/**
 * Big strings of many lines, each line terminated by "\n" (so chunks concatenate to
 * the file content and never split a line). Split with `chunk.split("\n")` and drop the
 * last (empty) element, or scan for "\n".
 */
export function* generateMonthChunks(opts: GenerateMonthOptions, chunk: ChunkOptions = {}): Generator<string, GeneratedStats, undefined> {
  const it = generateMonthBuffers(opts, chunk);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    yield r.value.toString("utf8");
  }
}

/** The per-day plan (records per function and day) without generating anything. */
export function planMonth(opts: GenerateMonthOptions): MonthPlan {
  return new MonthEngine(opts).plan;
}

export interface WriteMonthOptions extends ChunkOptions {
  /** gzip the output (default: true when `out` is a path ending in ".gz") */
  gzip?: boolean;
  /** gzip level (default 1: fast) */
  gzipLevel?: number;
  /** end the stream when done (default true for paths, false for streams given by the caller) */
  end?: boolean;
  /** progress callback, called after each chunk with lines/bytes so far */
  onProgress?: (p: { lines: number; bytes: number }) => void;
}

export interface WriteMonthResult extends GeneratedStats {
  /** uncompressed bytes generated */
  bytes: number;
  ms: number;
}

/**
 * Write a month to a path or a writable stream, honouring back-pressure.
 * Resolves when everything has been handed to (and, for paths, flushed by) the stream.
 */
/** Resolve on 'drain', reject on 'error', leaving no listeners behind. */
function drained(em: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      em.off("error", onErr);
      resolve();
    };
    const onErr = (e: unknown) => {
      em.off("drain", onDrain);
      reject(e);
    };
    em.once("drain", onDrain);
    em.once("error", onErr);
  });
}

export async function writeMonth(opts: GenerateMonthOptions, out: NodeJS.WritableStream | string, options: WriteMonthOptions = {}): Promise<WriteMonthResult> {
  const t0 = performance.now();
  const isPath = typeof out === "string";
  const gzip = options.gzip ?? (isPath && out.endsWith(".gz"));
  const dest: NodeJS.WritableStream = isPath ? fs.createWriteStream(out, { highWaterMark: 4 << 20 }) : out;
  const endDest = options.end ?? isPath;
  let sink: NodeJS.WritableStream = dest;
  let gz: zlib.Gzip | null = null;
  if (gzip) {
    gz = zlib.createGzip({ level: options.gzipLevel ?? 1, chunkSize: 1 << 16 });
    gz.pipe(dest, { end: endDest });
    sink = gz;
  }
  // Chunk buffers are recycled only when we own the consumer (our file stream or gzip),
  // whose write callback means "done with this buffer"; a caller's stream may keep
  // references (e.g. a PassThrough), so it always gets fresh buffers.
  const recycle = isPath || gzip;
  const target = Math.max(4096, options.chunkBytes ?? 1 << 20);
  const pool: Buffer[] = [];
  let failure: unknown = null;
  const onError = (e: unknown) => {
    failure ??= e;
  };
  (dest as NodeJS.EventEmitter).on("error", onError);
  gz?.on("error", onError);

  const eng = new MonthEngine(opts);
  let bytes = 0;
  try {
    while (!eng.finished) {
      if (failure) throw failure;
      const buf = pool.pop() ?? Buffer.allocUnsafe(target + LINE_SLACK);
      const n = eng.fill(buf, 0, target);
      if (n === 0) break;
      bytes += n;
      const ok = sink.write(buf.subarray(0, n), (err?: Error | null) => {
        if (recycle && !err && pool.length < 8) pool.push(buf);
      });
      if (!ok) await drained(sink as NodeJS.EventEmitter);
      if (options.onProgress) options.onProgress({ lines: eng.stats().lines, bytes });
    }
    if (gz) {
      const gzEnded = once(gz, "end");
      const destFinished = endDest ? once(dest as NodeJS.EventEmitter, "finish") : null;
      gz.end();
      await gzEnded;
      if (destFinished) await destFinished;
    } else if (endDest) {
      const finished = once(dest as NodeJS.EventEmitter, "finish");
      dest.end();
      await finished;
    }
    if (isPath && !(dest as fs.WriteStream).closed) await once(dest as NodeJS.EventEmitter, "close").catch(() => undefined);
    if (failure) throw failure;
  } finally {
    (dest as NodeJS.EventEmitter).off("error", onError);
    gz?.off("error", onError);
  }
  return { ...eng.stats(), bytes, ms: performance.now() - t0 };
}
