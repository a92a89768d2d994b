import { parseIPv4, parseIPv6 } from "@/lib/geo/ip";

// Event rows in PostgreSQL's binary COPY format, written field by field straight into ~1 MB
// buffers. Why binary: in the text format PostgreSQL splits every row at its tabs and parses
// every field from text (uuid_in, timestamptz_in, inet_in, int8in…), about a quarter of its CPU
// in an ingest; a binary field is a length and the value's bytes, read back with a copy. Text
// fields need no escaping either. Hand-written: no library writes this format into a buffer.
//
// Format (PostgreSQL docs, "COPY … Binary Format"): a 19-byte header, then per row an int16
// field count and per field an int32 length (-1: NULL) and that many bytes, then an int16 -1.
// Integers are big-endian; timestamptz is int64 microseconds since 2000-01-01 UTC; inet is
// family, bits, is_cidr, length and the address bytes; uuid is its 16 bytes.

/** Starts a binary COPY stream: signature, flags (0), header extension length (0). */
export const COPY_BINARY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
/** Ends a binary COPY stream. */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/** Bytes of rows per buffer: each is one CopyData message and two socket writes in the writer. */
export const ROWS_BUFFER = 1 << 20;
const EMPTY = Buffer.alloc(0);

/** PostgreSQL's epoch (2000-01-01 UTC) in milliseconds since the Unix epoch. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
/** the largest integer column value */
export const INT4_MAX = 2_147_483_647;
/** 2^63: the first value a bigint column cannot hold */
export const INT8_LIMIT = 9_223_372_036_854_775_808;
/** PostgreSQL's own address family numbers in inet's binary form (PGSQL_AF_INET, PGSQL_AF_INET6). */
const PGSQL_AF_INET = 2;
const PGSQL_AF_INET6 = 3;

// Row buffers of this thread come back once their rows are written (recycleRowBuffers), and
// are filled again. Why: a fresh 1 MB buffer per ~3,000 rows is mapped from the kernel and
// page-faulted in, and V8 counts it as external memory, which set off a full (marking) GC every
// few batches in the build threads (measured with perf: both about a tenth of the machine).
const freeRows: ArrayBuffer[] = [];
const KEEP_ROWS = 128;

function takeRows(size: number): Buffer {
  const free = size === ROWS_BUFFER ? freeRows.pop() : undefined;
  return free === undefined ? Buffer.allocUnsafeSlow(size) : Buffer.from(free);
}

/** Hands back buffers whose rows are written (nothing may read them after). Other sizes are left to the GC. */
export function recycleRowBuffers(buffers: ArrayBufferLike[]): void {
  for (const b of buffers) {
    if (b instanceof ArrayBuffer && b.byteLength === ROWS_BUFFER && freeRows.length < KEEP_ROWS && !freeRows.includes(b)) freeRows.push(b);
  }
}

/** The 16 bytes of a UUID written as text (any case, with or without hyphens). */
export function uuidBytes(text: string): Uint8Array {
  const hex = text.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a UUID: ${text}`);
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

/** A text value's bytes as text() writes them (UTF-8, NUL as U+FFFD), made once for a value written again and again; null for null. */
export function textValue(s: string | null | undefined): Uint8Array | null {
  if (s === null || s === undefined) return null;
  return Buffer.from(s.includes("\0") ? s.replace(/\0/g, "\uFFFD") : s, "utf8");
}

/**
 * Rows of one COPY, in the binary format, in ~1 MB buffers. A row is never split between
 * buffers: each buffer is one CopyData message of whole rows. Field writers go in column order,
 * between beginRow() and endRow().
 */
export class RowsOut {
  private buf: Buffer;
  private pos = 0;
  /** where the row being written starts in buf */
  private rowStart = 0;
  readonly parts: Buffer[] = [];
  constructor(private readonly size = ROWS_BUFFER) {
    this.buf = takeRows(size);
  }

  /** Makes room for n more bytes; a full buffer hands its whole rows on and the row so far moves to the next. */
  private room(n: number): void {
    if (this.buf.length - this.pos >= n) return;
    const partial = this.pos - this.rowStart;
    const next = takeRows(Math.max(this.size, partial + n));
    this.buf.copy(next, 0, this.rowStart, this.pos);
    if (this.rowStart > 0) this.parts.push(this.buf.subarray(0, this.rowStart));
    this.buf = next;
    this.pos = partial;
    this.rowStart = 0;
  }

  private int32(p: number, v: number): void {
    const b = this.buf;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
  }

  beginRow(fields: number): void {
    this.room(2);
    this.buf[this.pos] = fields >>> 8;
    this.buf[this.pos + 1] = fields;
    this.pos += 2;
  }

  /** Ends the row: the next one starts here. */
  endRow(): void {
    this.rowStart = this.pos;
  }

  nul(): void {
    this.room(4);
    this.int32(this.pos, -1);
    this.pos += 4;
  }

  /** A text value as UTF-8; null for null. NUL becomes U+FFFD (PostgreSQL text cannot hold it, see copy-text.ts). */
  text(s: string | null | undefined): void {
    if (s === null || s === undefined) return this.nul();
    this.room(4 + s.length * 3); // at most 3 UTF-8 bytes per UTF-16 unit, and U+FFFD is 3
    const b = this.buf;
    const start = this.pos + 4;
    let p = start;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0 && c < 128) b[p++] = c;
      else if (c === 0) {
        b[p++] = 0xef;
        b[p++] = 0xbf;
        b[p++] = 0xbd;
      } else {
        // Not ASCII: the whole value through the UTF-8 encoder.
        p = start + b.write(s.includes("\0") ? s.replace(/\0/g, "\uFFFD") : s, start);
        break;
      }
    }
    this.int32(this.pos, p - start);
    this.pos = p;
  }

  /** A text value already in its stored form (textValue); null for null. */
  value(v: Uint8Array | null): void {
    if (v === null) return this.nul();
    const n = v.length;
    this.room(4 + n);
    const b = this.buf;
    this.int32(this.pos, n);
    let p = this.pos + 4;
    for (let i = 0; i < n; i++) b[p++] = v[i]!; // short values: a loop beats set()
    this.pos = p;
  }

  /** bytes[a … b) as a text value (ASCII, as text() writes the same string); null when a < 0. */
  range(bytes: Uint8Array, a: number, b: number): void {
    if (a < 0) return this.nul();
    this.room(4 + 3 * (b - a));
    const out = this.buf;
    const start = this.pos + 4;
    let p = start;
    for (let i = a; i < b; i++) {
      const c = bytes[i]!;
      if (c !== 0) out[p++] = c;
      else {
        out[p++] = 0xef;
        out[p++] = 0xbf;
        out[p++] = 0xbd;
      }
    }
    this.int32(this.pos, p - start);
    this.pos = p;
  }

  /** An integer column; null for null. Throws outside -2^31 … 2^31-1 (the parser rejects such lines first). */
  int4(v: number | null | undefined): void {
    if (v === null || v === undefined) return this.nul();
    if (!Number.isInteger(v) || v > INT4_MAX || v < -INT4_MAX - 1) throw new RangeError(`${v} does not fit an integer column`);
    this.room(8);
    this.int32(this.pos, 4);
    this.int32(this.pos + 4, v);
    this.pos += 8;
  }

  /** A bigint column; null for null. Throws for a value that is not a whole number below 2^63 in size. */
  int8(v: number | null | undefined): void {
    if (v === null || v === undefined) return this.nul();
    this.room(12);
    this.int32(this.pos, 8);
    this.int64(this.pos + 4, v);
    this.pos += 12;
  }

  private int64(p: number, v: number): void {
    if (Number.isSafeInteger(v)) {
      const hi = Math.floor(v / TWO_32);
      this.int32(p, hi);
      this.int32(p + 4, v - hi * TWO_32);
      return;
    }
    if (!Number.isInteger(v) || v >= INT8_LIMIT || v < -INT8_LIMIT) throw new RangeError(`${v} does not fit a bigint column`);
    this.buf.writeBigInt64BE(BigInt(v), p); // exact: the double's own value, as String(v) was
  }

  bool(v: boolean): void {
    this.room(5);
    this.int32(this.pos, 1);
    this.buf[this.pos + 4] = v ? 1 : 0;
    this.pos += 5;
  }

  /** A uuid column from its 16 bytes (uuidBytes). */
  uuid(bytes: Uint8Array): void {
    this.room(20);
    this.int32(this.pos, 16);
    this.buf.set(bytes, this.pos + 4);
    this.pos += 20;
  }

  /** A timestamptz column from milliseconds since the Unix epoch. */
  timestamptz(ms: number): void {
    this.room(12);
    this.int32(this.pos, 8);
    this.int64(this.pos + 4, (ms - PG_EPOCH_MS) * 1000);
    this.pos += 12;
  }

  /** An inet column holding the IPv4 address n (an unsigned 32-bit number). */
  inet4(n: number): void {
    this.room(12);
    const b = this.buf;
    const p = this.pos;
    this.int32(p, 8);
    b[p + 4] = PGSQL_AF_INET;
    b[p + 5] = 32; // bits
    b[p + 6] = 0; // not cidr
    b[p + 7] = 4; // address bytes
    this.int32(p + 8, n);
    this.pos += 12;
  }

  /** An inet column from an address's text (IPv4 or IPv6, as the parser accepts it); null for null. */
  inet(s: string | null | undefined): void {
    if (s === null || s === undefined) return this.nul();
    const v4 = parseIPv4(s);
    if (v4 >= 0) return this.inet4(v4);
    const w = parseIPv6(s);
    if (w === null) throw new RangeError(`not an address: ${s}`);
    this.room(24);
    const b = this.buf;
    const p = this.pos;
    this.int32(p, 20);
    b[p + 4] = PGSQL_AF_INET6;
    b[p + 5] = 128;
    b[p + 6] = 0;
    b[p + 7] = 16;
    for (let k = 0; k < 4; k++) this.int32(p + 8 + 4 * k, w[k]!);
    this.pos += 24;
  }

  flush(): Buffer[] {
    if (this.pos > 0) this.parts.push(this.buf.subarray(0, this.pos));
    // The flushed bytes belong to parts now: a later row starts a new buffer.
    this.buf = EMPTY;
    this.pos = 0;
    this.rowStart = 0;
    return this.parts;
  }
}
