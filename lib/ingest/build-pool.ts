import type { Hash } from "node:crypto";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import zlib from "node:zlib";
import { type BatchBuilder, type BuiltBatch } from "./batch-builder";
import { recycleRowBuffers } from "./copy-binary";
import { openBytes } from "./source";
import type { ContextData } from "./context";
import type { AlertRuleData } from "@/lib/alerts/evaluator";

// Ingest batches are built (parsed, enriched, formatted as COPY rows) off the main thread when
// a file is big enough to pay for starting threads: the main thread only reads bytes, cuts them
// into batches at line ends, and writes the built batches to PostgreSQL in file order. Node's
// worker_threads and structured clone: no library does "ordered parallel map over a stream".

/** What a build thread starts from: the customer's context and alert rules as plain data. */
export interface WorkerData {
  context: ContextData;
  alerts: AlertRuleData;
}

export interface BuildRequest {
  id: number;
  fileId: string;
  firstLine: number;
  bytes: Uint8Array;
}

export interface RecycleRequest {
  recycle: ArrayBuffer[];
}

/** Row buffers written on this thread (no worker threads) are filled again here. */
export function recycleHere(rows: Uint8Array[]): void {
  recycleRowBuffers(ownBuffers(rows));
}

/** A built batch ready to write: rows as bytes, the raw lines brotli-compressed. */
export interface ReadyBatch extends Omit<BuiltBatch, "events"> {
  /** Buffers here; plain Uint8Arrays when they came from a worker thread */
  events: { month: string; rows: Uint8Array[] }[];
  chunk: Uint8Array;
}

/**
 * Brotli's fastest setting (quality 0, 1 MB window). Compressing the original lines was 17% of the
 * build threads' CPU at quality 1 with the default 4 MB window; on a 65 MB batch of PAN-OS lines
 * this takes 76 ms against 106 ms, for 8.6:1 against 10.0:1 (chunks ~15% bigger, ~3% of the
 * ingest's storage).
 */
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 0, [zlib.constants.BROTLI_PARAM_LGWIN]: 20 } };

/** The raw lines of a batch as stored for the explorer: lines joined by LF, ending with LF. */
function rawText(bytes: Buffer): Buffer {
  // The batch's own bytes whenever the file has plain LF line ends (nearly always).
  if (bytes.indexOf(0x0d) < 0 && bytes[bytes.length - 1] === 0x0a) return bytes;
  const lines = bytes.toString("utf8").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return Buffer.from(lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l)).join("\n") + "\n", "utf8");
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Builds one batch in a worker thread. The result's buffers and the input buffer (back to the
 * main thread's BatchBuffers) are transferred, not copied.
 */
export function buildInThread(builder: BatchBuilder, req: BuildRequest): { message: { id: number; result: ReadyBatch; input?: ArrayBuffer }; transfer: ArrayBuffer[] } {
  const bytes = asBuffer(req.bytes);
  const built = builder.build(req.fileId, req.firstLine, bytes);
  const chunk = zlib.brotliCompressSync(rawText(bytes), BROTLI);
  const [input] = ownBuffers([bytes]);
  return { message: { id: req.id, result: { ...built, chunk }, input }, transfer: ownBuffers([...built.events.flatMap((e) => e.rows), chunk, bytes]) };
}

/**
 * ArrayBuffers to transfer rather than copy: all but Node's shared pool slab (Buffer.poolSize
 * bytes), which small Buffers still in use on this thread live in. A view of part of a bigger
 * buffer (rows buffers end part-filled) moves whole: structured clone would copy all of it anyway.
 */
export function ownBuffers(views: Uint8Array[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of views) if (v.buffer.byteLength > Buffer.poolSize && !(v.buffer instanceof SharedArrayBuffer)) out.add(v.buffer as ArrayBuffer);
  return [...out];
}

const brotli = (buf: Buffer) => new Promise<Buffer>((resolve, reject) => zlib.brotliCompress(buf, BROTLI, (e, r) => (e ? reject(e) : resolve(r))));

/** Builds on the calling thread (small files, or threads turned off); compression goes to libuv's pool. The input buffer goes back to `buffers` when done. */
export async function buildHere(builder: BatchBuilder, req: BuildRequest, buffers?: BatchBuffers): Promise<ReadyBatch> {
  const bytes = asBuffer(req.bytes);
  const built = builder.build(req.fileId, req.firstLine, bytes);
  const chunk = await brotli(rawText(bytes));
  buffers?.give(bytes.buffer);
  return { ...built, chunk };
}

/** Threads for a file of this size: MAMORI_INGEST_THREADS, else none below 256 MB (starting a thread loads the code, the customer and the geo data: about a second). */
export function threadsFor(sizeBytes: number): number {
  const env = process.env.MAMORI_INGEST_THREADS;
  if (env !== undefined && env !== "" && Number.isInteger(Number(env))) return Math.max(0, Number(env));
  if (process.env.NEXT_RUNTIME) return 0; // inside the web server: no tsx loader for worker threads
  return sizeBytes >= 256 << 20 ? Math.min(2, availableParallelism()) : 0;
}

interface Pending {
  resolve: (r: ReadyBatch) => void;
  reject: (e: Error) => void;
}

/** Worker threads that build batches; results come back in the order they were asked for. */
export class BuildPool {
  private nextId = 1;
  private turn = 0;
  private readonly pending = new Map<number, Pending>();
  private failed: Error | null = null;
  /** Input buffers come back from the threads with their results, for the next batches. */
  readonly buffers = new BatchBuffers();

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on("message", (m: { id: number; result?: ReadyBatch; error?: string; input?: ArrayBuffer }) => {
        if (m.input) this.buffers.give(m.input);
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(`ingest worker thread: ${m.error}`));
        else p.resolve(m.result!);
      });
      w.on("error", (e) => this.fail(e));
      w.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`ingest worker thread exited with code ${code}`));
      });
    }
  }

  static async start(n: number, data: WorkerData): Promise<BuildPool> {
    const url = new URL("./build-worker.mjs", import.meta.url);
    const workers = Array.from({ length: n }, () => new Worker(url, { workerData: data }));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once("message", (m: { ready: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(`ingest worker thread: ${m.error}`))));
              w.once("error", reject);
            }),
        ),
      );
    } catch (err) {
      await Promise.allSettled(workers.map((w) => w.terminate()));
      throw err;
    }
    return new BuildPool(workers);
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  build(fileId: string, firstLine: number, bytes: Buffer): Promise<ReadyBatch> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    const w = this.workers[this.turn++ % this.workers.length]!;
    const p = new Promise<ReadyBatch>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // The batch's bytes are in a buffer of their own (readBatches): hand it over without copying.
    w.postMessage({ id, fileId, firstLine, bytes } satisfies BuildRequest, ownBuffers([bytes]));
    return p;
  }

  /** Row buffers whose rows are written go back to a thread, to be filled again (recycleRowBuffers). */
  recycle(rows: Uint8Array[]): void {
    const list = ownBuffers(rows);
    if (list.length === 0 || this.failed) return;
    const w = this.workers[this.recycleTurn++ % this.workers.length]!;
    w.postMessage({ recycle: list } satisfies RecycleRequest, list);
  }
  private recycleTurn = 0;

  get size(): number {
    return this.workers.length;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Batch input buffers, reused. A batch is ~60 MB; a fresh buffer that size is mapped from the
 * kernel each time and every page faults on first write (measured: page faults were about a
 * fifth of the ingest's CPU). A buffer comes back once its batch is built.
 */
export class BatchBuffers {
  private readonly free: ArrayBuffer[] = [];
  constructor(private readonly keep = 8) {}

  /** A buffer of at least `need` bytes (its length is its capacity): the biggest free one, else a new one of `size`. */
  take(need: number, size = need): Buffer {
    const biggest = this.free[0]; // kept sorted, biggest first
    if (biggest !== undefined && biggest.byteLength >= need) return Buffer.from(this.free.shift()!);
    return Buffer.allocUnsafeSlow(Math.max(need, size));
  }

  /** Hands a buffer back (the whole ArrayBuffer; every view of it must be done with). The biggest few are kept. */
  give(buffer: ArrayBufferLike): void {
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength <= Buffer.poolSize || this.free.includes(buffer)) return;
    this.free.push(buffer);
    this.free.sort((a, b) => b.byteLength - a.byteLength);
    this.free.length = Math.min(this.free.length, this.keep);
  }
}

/** Lines of a file as bytes, for one batch. */
export interface ReadBatch {
  firstLine: number;
  lineCount: number;
  bytes: Buffer;
  /** bytes of the file read so far (of the compressed file, for gzip) */
  bytesRead: number;
  /** when hashing: the content's length up to this batch's end, and the sha256 of that much */
  content?: { bytes: number; sha256: string };
}

/** Bytes asked of the file per read. */
const READ = 1 << 20;

/**
 * A file cut into batches of `batchLines` lines at line ends, as bytes (gzip decoded); lines up
 * to `skipLines` are skipped. Batch bytes live in `buffers`: give each back once it is built.
 * A plain file is read straight into the batch's buffer; only the part of the last read past
 * the batch's last line end is copied, into the next batch's buffer.
 * With `hash` (and no lines skipped), the content goes through it as it is read, a read at a
 * time, and each batch tells the content's length and sha256 up to its end.
 */
export async function* readBatches(
  file: string,
  batchLines: number,
  skipLines: number,
  buffers = new BatchBuffers(),
  hash?: Hash,
): AsyncGenerator<ReadBatch> {
  if (hash && skipLines > 0) throw new Error("readBatches: a hash is of the whole content (no lines skipped)");
  const src = await openBytes(file);
  let base = 0; // content bytes before out[0] (hashing only)
  let hashed = 0; // bytes of out that went through the hash
  /** Hashes out up to `end`; at a batch's end, tells the content's length and digest so far. */
  const hashTo = (end: number, batchEnd: boolean): Pick<ReadBatch, "content"> => {
    if (!hash) return {};
    if (end > hashed) hash.update(out.subarray(hashed, end));
    hashed = end;
    return batchEnd ? { content: { bytes: base + end, sha256: hash.copy().digest("hex") } } : {};
  };
  let out: Buffer;
  try {
    let sizeHint = batchLines * 640; // the last batch's size (at first, PAN-OS 10 lines of ~640 bytes): the next is usually alike
    out = buffers.take(READ, sizeHint + (sizeHint >> 2)); // the batch being filled
    let start = 0; // bytes of out before start belong to skipped lines
    let len = 0; // bytes read into out
    let scanned = 0; // bytes of out searched for line ends
    let count = 0; // complete lines in out after start
    let line = 0; // lines before start
    for (;;) {
      let cut = -1;
      if (scanned < len) {
        const view = out.subarray(0, len); // indexOf must not see bytes of an earlier batch past len
        for (;;) {
          const nl = view.indexOf(0x0a, scanned);
          if (nl < 0) {
            scanned = len;
            break;
          }
          scanned = nl + 1;
          if (line < skipLines) {
            // Resuming: whole committed lines are dropped as they go by.
            line++;
            start = scanned;
          } else if (++count === batchLines) {
            cut = scanned;
            break;
          }
        }
      }
      if (cut >= 0) {
        // The bytes after the batch's last line end go first into the next buffer (the batch's
        // buffer is handed to a worker thread as soon as it is yielded).
        const rest = len - cut;
        const content = hashTo(cut, true);
        const next = buffers.take(rest + READ, Math.max(sizeHint + (sizeHint >> 2), rest + READ));
        out.copy(next, 0, cut, len);
        const bytes = out.subarray(start, cut);
        const firstLine = line + 1;
        sizeHint = cut - start;
        line += count;
        count = 0;
        out = next;
        base += cut;
        hashed = 0;
        start = 0;
        len = rest;
        scanned = 0;
        yield { firstLine, lineCount: batchLines, bytes, bytesRead: src.bytesRead, ...content };
        continue;
      }
      hashTo(len, false); // before the next read: a read's worth at a time, between awaits
      if (start > 0) {
        out.copyWithin(0, start, len);
        len -= start;
        scanned -= start;
        start = 0;
      }
      if (out.length - len < READ) {
        const bigger = buffers.take(len + READ, Math.max(len + READ, out.length * 2));
        out.copy(bigger, 0, 0, len);
        buffers.give(out.buffer);
        out = bigger;
      }
      const n = await src.read(out, len, READ);
      if (n === 0) break;
      len += n;
    }
    const tail = len > start && out[len - 1] !== 0x0a ? 1 : 0; // a last line without a line end
    if (count + tail > 0 && line + count + tail > skipLines) yield { firstLine: line + 1, lineCount: count + tail, bytes: out.subarray(start, len), bytesRead: src.bytesRead, ...hashTo(len, true) };
  } finally {
    await src.close();
  }
}
