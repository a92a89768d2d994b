import { createReadStream } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import zlib from "node:zlib";
import { createGunzip } from "node:zlib";
import type { BatchBuilder, BuiltBatch } from "./batch-builder";
import { isGzip } from "./source";

// Ingest batches are built (parsed, enriched, formatted as COPY rows) off the main thread when
// a file is big enough to pay for starting threads: the main thread only reads bytes, cuts them
// into batches at line ends, and writes the built batches to PostgreSQL in file order. Node's
// worker_threads and structured clone: no library does "ordered parallel map over a stream".

export interface WorkerData {
  customerId: string;
}

export interface BuildRequest {
  id: number;
  fileId: string;
  firstLine: number;
  bytes: Uint8Array;
}

/** A built batch ready to write: rows as bytes, the raw lines brotli-compressed. */
export interface ReadyBatch extends Omit<BuiltBatch, "events"> {
  /** Buffers here; plain Uint8Arrays when they came from a worker thread */
  events: { month: string; rows: Uint8Array[] }[];
  chunk: Uint8Array;
}

const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } };

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

/** Builds one batch from its bytes; in a worker thread the result's buffers are transferred, not copied. */
export function buildFromBytes(builder: BatchBuilder, req: BuildRequest): { result: ReadyBatch; transfer: ArrayBuffer[] } {
  const bytes = asBuffer(req.bytes);
  const built = builder.build(req.fileId, req.firstLine, bytes);
  const chunk = zlib.brotliCompressSync(rawText(bytes), BROTLI);
  return { result: { ...built, chunk }, transfer: ownBuffers([...built.events.flatMap((e) => e.rows), chunk]) };
}

/** Small Buffers share Node's pool slab: transfer only the ArrayBuffers a view owns whole. */
function ownBuffers(views: Uint8Array[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of views) if (v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.byteLength > 0) out.add(v.buffer as ArrayBuffer);
  return [...out];
}

const brotli = (buf: Buffer) => new Promise<Buffer>((resolve, reject) => zlib.brotliCompress(buf, BROTLI, (e, r) => (e ? reject(e) : resolve(r))));

/** Builds on the calling thread (small files, or threads turned off); compression goes to libuv's pool. */
export async function buildHere(builder: BatchBuilder, req: BuildRequest): Promise<ReadyBatch> {
  const bytes = asBuffer(req.bytes);
  const built = builder.build(req.fileId, req.firstLine, bytes);
  return { ...built, chunk: await brotli(rawText(bytes)) };
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

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on("message", (m: { id: number; result?: ReadyBatch; error?: string }) => {
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
    // The batch's bytes are our own copy (Buffer.concat): hand them over without copying.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    w.postMessage({ id, fileId, firstLine, bytes } satisfies BuildRequest, whole ? [bytes.buffer as ArrayBuffer] : []);
    return p;
  }

  get size(): number {
    return this.workers.length;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.terminate()));
  }
}

/** A file cut into batches of `batchLines` lines at line ends, as bytes (gzip decoded); lines up to `skipLines` are skipped. */
export async function* readBatches(file: string, batchLines: number, skipLines: number): AsyncGenerator<{ firstLine: number; lineCount: number; bytes: Buffer; bytesRead: number }> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = (await isGzip(file)) ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  let parts: Buffer[] = [];
  let count = 0; // complete lines in parts
  let line = 0; // lines before parts
  for await (const c of stream) {
    let chunk = c as Buffer;
    let pos = 0;
    while (true) {
      const nl = chunk.indexOf(0x0a, pos);
      if (nl < 0) break;
      pos = nl + 1;
      if (line < skipLines) {
        // Resuming: drop whole committed lines as they go by.
        line++;
        chunk = chunk.subarray(pos);
        pos = 0;
        parts = [];
        continue;
      }
      if (++count === batchLines) {
        parts.push(chunk.subarray(0, pos));
        yield { firstLine: line + 1, lineCount: count, bytes: Buffer.concat(parts), bytesRead: raw.bytesRead };
        line += count;
        count = 0;
        parts = [];
        chunk = chunk.subarray(pos);
        pos = 0;
      }
    }
    if (chunk.length) parts.push(chunk);
  }
  const rest = Buffer.concat(parts);
  const tail = rest.length > 0 && rest[rest.length - 1] !== 0x0a ? 1 : 0; // a last line without a line end
  if (count + tail > 0 && line + count + tail > skipLines) yield { firstLine: line + 1, lineCount: count + tail, bytes: rest, bytesRead: raw.bytesRead };
}
