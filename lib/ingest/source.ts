import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync } from "node:fs";
import { open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";

// Reading log files: plain or gzip (told by magic bytes, not the name), any size, streamed.

const CHUNK = 1 << 20;

export async function isGzip(file: string): Promise<boolean> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** Content identity of a file: sha256 of its log text (a gzip file is hashed decompressed, so
 * the same logs plain or compressed are the same content). `prefixesAt`: also the sha256 of the
 * first N bytes of the content for each N given (N past the end: no entry). */
export async function sha256File(file: string, prefixesAt: number[] = []): Promise<{ sha256: string; size: number; prefixes: Map<number, string> }> {
  const hash = createHash("sha256");
  const prefixes = new Map<number, string>();
  const at = [...new Set(prefixesAt)].sort((a, b) => a - b);
  let offset = 0;
  let next = 0;
  for await (const { chunk } of fileChunks(file)) {
    let from = 0;
    while (next < at.length && at[next]! <= offset + chunk.length) {
      const cut = at[next++]! - offset;
      hash.update(chunk.subarray(from, cut));
      from = cut;
      prefixes.set(offset + cut, hash.copy().digest("hex"));
    }
    hash.update(chunk.subarray(from));
    offset += chunk.length;
  }
  return { sha256: hash.digest("hex"), size: (await stat(file)).size, prefixes };
}

/** Bytes of content whose sha256 is a file's head (contentHead). */
export const HEAD_BYTES = 1 << 20;

/**
 * sha256 of the first HEAD_BYTES of a file's content (gzip decoded; all of it if shorter) and the
 * file's size: two files of the same content have the same head, so a head never seen before
 * means content never seen before. Reads only the head.
 */
export async function contentHead(file: string): Promise<{ headSha256: string; size: number }> {
  const hash = createHash("sha256");
  let left = HEAD_BYTES;
  for await (const { chunk } of fileChunks(file)) {
    hash.update(chunk.subarray(0, left));
    left -= Math.min(left, chunk.length);
    if (left === 0) break;
  }
  return { headSha256: hash.digest("hex"), size: (await stat(file)).size };
}

/** The file's bytes, gzip decoded, a chunk at a time; a chunk is valid only until the next one is asked for. */
export async function* fileChunks(file: string): AsyncGenerator<{ chunk: Buffer; bytesRead: number }> {
  if (await isGzip(file)) {
    yield* gunzipChunks(file);
    return;
  }
  // Plain files are read into one reused buffer (a stream allocates a fresh one per read).
  const src = await plainBytes(file);
  const buf = Buffer.allocUnsafeSlow(CHUNK);
  try {
    for (;;) {
      const n = await src.read(buf, 0, buf.length);
      if (n === 0) return;
      yield { chunk: buf.subarray(0, n), bytesRead: src.bytesRead };
    }
  } finally {
    await src.close();
  }
}

async function* gunzipChunks(file: string): AsyncGenerator<{ chunk: Buffer; bytesRead: number }> {
  const raw = createReadStream(file, { highWaterMark: CHUNK });
  const gunzip = createGunzip({ chunkSize: CHUNK });
  raw.on("error", (e) => gunzip.destroy(e)); // pipe() alone would leave a read error unseen
  try {
    for await (const c of raw.pipe(gunzip)) yield { chunk: c as Buffer, bytesRead: raw.bytesRead };
  } finally {
    raw.destroy();
  }
}

/** A file's bytes (gzip decoded), read into the caller's buffers. */
export interface ByteSource {
  /** Reads up to `length` bytes into `into` at `offset`; 0 at the end of the file. */
  read(into: Buffer, offset: number, length: number): Promise<number>;
  /** Bytes of the file read so far (of the compressed file, for gzip). */
  readonly bytesRead: number;
  close(): Promise<void>;
}

/** Plain files are read straight into the caller's buffer (no copy); gzip files are copied out of the decoder's chunks. */
export async function openBytes(file: string): Promise<ByteSource> {
  if (!(await isGzip(file))) return plainBytes(file);
  const chunks = gunzipChunks(file);
  let chunk: Buffer | null = null;
  let pos = 0;
  let bytesRead = 0;
  return {
    get bytesRead() {
      return bytesRead;
    },
    async read(into, offset, length) {
      while (chunk === null || pos >= chunk.length) {
        const next = await chunks.next();
        if (next.done) return 0;
        chunk = next.value.chunk;
        pos = 0;
        bytesRead = next.value.bytesRead;
      }
      const n = Math.min(length, chunk.length - pos);
      chunk.copy(into, offset, pos, pos + n);
      pos += n;
      return n;
    },
    async close() {
      await chunks.return(undefined);
    },
  };
}

async function plainBytes(file: string): Promise<ByteSource> {
  const fh = await open(file, "r");
  let bytesRead = 0;
  return {
    get bytesRead() {
      return bytesRead;
    },
    async read(into, offset, length) {
      const { bytesRead: n } = await fh.read(into, offset, length, null);
      bytesRead += n;
      return n;
    },
    close: () => fh.close(),
  };
}

/** Lines of a file (gzip decoded), without their line ends, with how many bytes of the file are read. Memory stays flat whatever the size. */
export async function* readLines(file: string): AsyncGenerator<{ lines: string[]; bytesRead: number }> {
  const decoder = new StringDecoder("utf8"); // copies out of each chunk, so fileChunks may reuse its buffer
  let carry = "";
  let bytesRead = 0;
  for await (const c of fileChunks(file)) {
    bytesRead = c.bytesRead;
    const text = carry + decoder.write(c.chunk);
    const lines = text.split("\n");
    carry = lines.pop() ?? "";
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.endsWith("\r")) lines[i] = l.slice(0, -1);
    }
    yield { lines, bytesRead };
  }
  const rest = carry + decoder.end();
  if (rest.length) yield { lines: [rest.endsWith("\r") ? rest.slice(0, -1) : rest], bytesRead };
}

/** Standard input spooled to a temporary file first, so it gets the same exactly-once identity as a file. */
export async function spoolStdin(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "mamori-stdin-"));
  const file = path.join(dir, "stdin.log");
  await pipeline(process.stdin, createWriteStream(file));
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
