// PAN-OS syslog (default CSV format) → PanosEvent.
//
// Field positions and the quirks handled here are documented in
// shared/docs/panos-log-format.md; conformance against other projects' test data
// is in conformance.test.ts / CONFORMANCE.md.
//
// Design, driven by the ingest budget (≥150k lines/s end to end on 2 cores, so
// parseLine must stay around 2.5 µs on a 645-byte PAN-OS 10.x line; measure with
// bench-file.ts on a `soc generate` file, and bench-parse.ts):
//  * The line is first copied, one byte per UTF-16 unit, into a constant scratch
//    Uint8Array (one native TextEncoder.encodeInto call; see load()), and all
//    scanning and checking reads those bytes. Why: the ingest's lines are slices
//    of 1 MB decoded chunks (V8 sliced strings), on which charCodeAt/indexOf cost
//    several ns per character — that alone was about half of the parse time.
//  * No regex per field and no split(): a hand-rolled RFC-4180 scanner records
//    field boundaries (offsets, the same in bytes and chars) in preallocated typed
//    arrays, finding commas 4 bytes at a time, stopping at the last field we read
//    and passing runs of fields we never read by counting their commas. Only the
//    ~50 fields we use become strings (slices of the line); numbers, times and
//    flags are decoded from the bytes.
//  * The scanner is lenient where real feeds are sloppy: quotes only close a
//    field when followed by a comma/end of line, relays' backslash-escaped
//    quotes are understood, an unterminated quote degrades to a plain field,
//    whitespace-only fields are empty. A line never throws.
//  * Lines longer than MAX_LINE (1 MiB, far above any PAN-OS record) are rejected
//    as "line too long": the scratch buffer is a fixed constant for speed.
//  * Module-level scratch state (the parser is synchronous and not re-entrant,
//    which is fine for a single-threaded worker).

import { isIP } from "node:net";
import type { PanosEvent, ParseResult, ReportFunction } from "./types";
import { INT4_MAX, INT8_LIMIT } from "../copy-binary";

/** Highest PAN-OS field index read per log type (high-resolution timestamp). */
const MAX_IDX_TRAFFIC = 102;
const MAX_IDX_THREAT = 107;
const MAX_IDX_OTHER = 6;
/** Lines must reach the action field (30) to be usable. */
const MIN_IDX = 30;
const EXCERPT_LEN = 200;

const CAP = 128; // > max index read; the scanner stops there
const fStart = new Int32Array(CAP);
const fEnd = new Int32Array(CAP);
/** 0 plain, 1 quoted, 2 quoted with "" escapes, 3 quoted with \" escapes. */
const fQuote = new Uint8Array(CAP);
// Quoted fields are rare: remember which entries were set instead of clearing all per line.
const quotedIdx = new Int32Array(CAP);
let quotedCount = 0;

let L = ""; // line being parsed (strings are sliced from it)
let NF = 0; // fields available: indices 1 .. NF-1 (PAN-OS numbering; field 0 is never read)

// Bounds of the first three fields, found while locating the payload.
let receiveStart = 0;
let receiveEnd = 0;
let serialStart = 0;
let typeStart = 0;
let typeEnd = 0;

const COMMA = 44;
const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;
/** Stands for any non-ASCII character in B: it matches none of the ASCII tests below. */
const NON_ASCII = 128;

// ---------------------------------------------------------------------------
// Line bytes

/**
 * Scratch copy of the line: B[i] = char code of L[i] if ASCII, else NON_ASCII;
 * B[n] = COMMA (sentinel). A module constant on purpose: V8 then folds its base
 * and length into the optimised code (a reassignable buffer measured ~20% slower
 * overall), so lines are limited to MAX_LINE characters.
 */
const B = new Uint8Array(1 << 20);
/** Little-endian 32-bit reads of B for the comma search (words at multiples of 4). */
const DV = new DataView(B.buffer);
/** Longest line parsed (leaves room for the sentinel word). PAN-OS lines are a few KiB. */
const MAX_LINE = B.length - 8;
const encoder = new TextEncoder();

/** Copies line[0 … n) into B, with the sentinel. n <= MAX_LINE. */
function load(s: string, n: number): void {
  const len = s.length;
  // UTF-8 of an all-ASCII string is its char codes, so offsets match the string's.
  const r = encoder.encodeInto(s, B);
  if (r.read !== len || r.written !== len) {
    // Some non-ASCII character (rare: names, file names): bytes would shift, copy char by char.
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      B[i] = c < NON_ASCII ? c : NON_ASCII;
    }
  }
  // Lets field loops stop at the end of the line without a bounds test (n = length without CR/LF).
  B[n] = COMMA;
}

// ---------------------------------------------------------------------------
// Payload location

/**
 * Finds the receive-time field (PAN-OS index 1) by its shape
 * `YYYY[/-]MM[/-]DD[ T]HH:MM:SS[frac/zone],<serial>,<TYPE>,` so any header
 * (BSD, ISO relay, RFC 5424, octet counting, none) and a missing field 0 work.
 * Returns its offset or -1. Sets receiveStart … typeEnd.
 */
function findAnchor(n: number): number {
  // Fast path: the usual `<header> 1,YYYY/MM/DD …` has the date right after the first comma.
  let w = 0;
  let bits: number;
  while ((bits = commaBits(w)) === 0) w++; // stops at the sentinel B[n] at the latest
  const c = (w << 2) + byteOf(bits & -bits);
  if (c >= n) return -1;
  if (c + 20 <= n && anchorAt(c + 1, n)) return c + 1;
  const limit = n - 19;
  for (let i = 0; i <= limit; i++) {
    if (anchorAt(i, n)) return i;
  }
  return -1;
}

function anchorAt(i: number, n: number): boolean {
  const sep = B[i + 4];
  if (sep !== 47 /* / */ && sep !== 45 /* - */) return false;
  if (!isDateTimeAt(i, sep)) return false;
  if (i > 0 && isAlnum(B[i - 1])) return false;
  // End of the time field: optional fraction / zone chars, then a comma.
  let e = i + 19;
  while (e < n) {
    const c = B[e];
    if (c === COMMA) break;
    if (!((c >= 48 && c <= 58) || c === 46 || c === 43 || c === 45 || c === 90)) break; // 0-9 : . + - Z
    e++;
  }
  if (e >= n || B[e] !== COMMA || e - i > 40) return false;
  // Serial numbers are short; the bound also keeps adversarial lines linear.
  let serialEnd = e + 1;
  while (B[serialEnd] !== COMMA && serialEnd - e <= 64) serialEnd++;
  if (serialEnd >= n || serialEnd - e > 64 || !typeTokenAt(serialEnd + 1, n)) return false;
  receiveStart = i;
  receiveEnd = e;
  serialStart = e + 1;
  return true;
}

/** `YYYY?MM?DD[ T]HH:MM:SS` digits/separators at i (ranges checked later). */
function isDateTimeAt(i: number, sep: number): boolean {
  if (B[i + 7] !== sep) return false;
  const t = B[i + 10];
  if ((t !== SPACE && t !== 84) /* T */ || B[i + 13] !== 58 || B[i + 16] !== 58) return false;
  // Each pair is 0..99 or negative (poisoned) when a character is not a digit.
  return (dd(i) | dd(i + 2) | dd(i + 5) | dd(i + 8) | dd(i + 11) | dd(i + 14) | dd(i + 17)) >= 0;
}

/** Two decimal digits at i as 0..99, or a negative number if either is not a digit. */
function dd(i: number): number {
  const h = B[i] - 48;
  const l = B[i + 1] - 48;
  return h >>> 0 > 9 || l >>> 0 > 9 ? -1 : h * 10 + l;
}

/** Upper-case log type token (TRAFFIC, THREAT, SYSTEM, …) followed by a comma or end of line. */
function typeTokenAt(p: number, n: number): boolean {
  let e = p;
  while (e < n) {
    const c = B[e];
    if (c === COMMA) break;
    if (!((c >= 65 && c <= 90) || (e > p && ((c >= 48 && c <= 57) || c === 95)))) return false; // A-Z, then A-Z0-9_
    e++;
  }
  if (e - p < 2 || e - p > 32) return false;
  typeStart = p;
  typeEnd = e;
  return true;
}

// Rare path: receive time empty or not a timestamp. Anchor on a known type token.
const FALLBACK_RE =
  /,(TRAFFIC|THREAT|SYSTEM|CONFIG|HIPMATCH|GLOBALPROTECT|USERID|DECRYPTION|AUTHENTICATION|TUNNEL|GTP|SCTP|IPTAG|CORRELATION|AUDIT)(?=,|$)/;

function findAnchorByType(s: string): number {
  const m = FALLBACK_RE.exec(s);
  if (m === null) return -1;
  const typeComma = m.index;
  if (typeComma === 0) return -1;
  const serialComma = s.lastIndexOf(",", typeComma - 1);
  if (serialComma < 0) return -1;
  const before = serialComma - 1;
  const start = Math.max(s.lastIndexOf(",", before), s.lastIndexOf(" ", before)) + 1;
  receiveStart = start;
  receiveEnd = serialComma;
  serialStart = serialComma + 1;
  typeStart = typeComma + 1;
  typeEnd = typeStart + m[1].length;
  return start;
}

/** B[p … p+word.length) equals the ASCII `word`. */
function bytesAre(p: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (B[p + i] !== word.charCodeAt(i)) return false;
  return true;
}

// ---------------------------------------------------------------------------
// CSV scanner (RFC 4180 with lenient fallbacks). Records fields 1–3 from the
// anchor, then fills fStart/fEnd/fQuote for indices 4..maxIdx; returns NF.
//
// Commas are found 4 bytes at a time (commaBits), then one field per set bit: a
// modern line has ~600 bytes and ~105 fields, and a byte loop was the top hot
// spot. Quotes matter only at the start of a field, so only that byte is checked.
// Runs of fields that are never read (about half of a 10.x line) are passed by
// counting commas, without recording their bounds.

/**
 * SKIP[row + k] = number of consecutive fields from k on that parseInner never reads
 * (0 for a field it reads), one row per log type. One constant table (not one per
 * type) so that V8 folds its address, as for B.
 */
const ROW = CAP + 1;
const ROW_OTHER = 0;
const ROW_TRAFFIC = ROW;
const ROW_THREAT = 2 * ROW;
const SKIP = new Uint8Array(3 * ROW);
/** Fills the row from the inclusive ranges of fields that are read. */
function skipRuns(row: number, read: [number, number][], maxIdx: number): void {
  const isRead = new Uint8Array(ROW);
  for (const [a, b] of read) for (let k = a; k <= b; k++) isRead[k] = 1;
  for (let k = maxIdx; k >= 4; k--) SKIP[row + k] = isRead[k] ? 0 : SKIP[row + k + 1] + 1;
}
// Keep in step with parseInner: trim() refuses a skipped field (an internal error the tests catch).
skipRuns(
  ROW_TRAFFIC,
  [[1, 19], [22, 27], [29, 37], [39, 39], [41, 42], [44, 46], [52, 52], [65, 65], [102, 102]],
  MAX_IDX_TRAFFIC,
);
skipRuns(
  ROW_THREAT,
  [[1, 19], [22, 27], [29, 36], [38, 39], [41, 41], [43, 43], [47, 47], [53, 53], [59, 59], [69, 69], [76, 76], [107, 107]],
  MAX_IDX_THREAT,
);
let skipRow = ROW_OTHER; // row the last scan used

function scan(n: number, maxIdx: number, row: number): number {
  while (quotedCount > 0) fQuote[quotedIdx[--quotedCount]] = 0;
  skipRow = row;
  fStart[1] = receiveStart;
  fEnd[1] = receiveEnd;
  fStart[2] = serialStart;
  fEnd[2] = typeStart - 1;
  fStart[3] = typeStart;
  fEnd[3] = typeEnd;
  if (typeEnd >= n) return 4;
  let pos = typeEnd + 1; // start of field k
  let k = 4;
  let w = pos >> 2; // word of B holding pos
  let bits = commaBits(w) & fromByte(pos); // commas of word w at or after pos
  let skipFrom = 4; // a failed skip is not retried within the same run
  for (;;) {
    let c: number;
    const run = SKIP[row + k];
    if (run !== 0 && k >= skipFrom) {
      c = passFields(pos, run, n);
      if (c >= 0) {
        k += run; // <= maxIdx (a run never includes maxIdx, which is read), and c < n
        pos = c + 1;
        w = pos >> 2;
        bits = commaBits(w) & fromByte(pos);
        continue;
      }
      skipFrom = k + run; // quote or end of line ahead: scan these fields one by one
    }
    const ch = B[pos]; // the sentinel makes pos === n read as an empty last field
    if ((ch === QUOTE || ch === SPACE) && (c = quotedAt(pos, n, k)) >= 0) {
      // Quoted field (bounds recorded by scanQuoted): resume the comma bits after its delimiter.
      if (++k > maxIdx || c >= n) break;
      pos = c + 1;
      w = pos >> 2;
      bits = commaBits(w) & fromByte(pos);
      continue;
    }
    while (bits === 0) bits = commaBits(++w); // ends at the sentinel B[n] at the latest
    c = (w << 2) + byteOf(bits & -bits); // lowest set bit = first comma
    bits &= bits - 1;
    fStart[k] = pos;
    fEnd[k] = c;
    if (++k > maxIdx || c >= n) break;
    pos = c + 1;
  }
  return k;
}

/**
 * Offset of the comma ending the `run` fields that start at pos, found by counting
 * commas a word at a time; -1 if a quote (fields might be quoted) or the word holding
 * the end of the line comes first: the caller then scans those fields one by one.
 */
function passFields(pos: number, run: number, n: number): number {
  const lastWord = n >> 2; // bytes of earlier words are all before n
  let w = pos >> 2;
  const from = fromByte(pos);
  let commas = commaBits(w) & from;
  let quotes = quoteBits(w) & from;
  for (;;) {
    if (w >= lastWord) return -1;
    const count = Math.imul((commas >>> 7) & 0x01010101, 0x01010101) >>> 24; // set bits
    if (count >= run) {
      while (--run > 0) commas &= commas - 1;
      const last = commas & -commas;
      return (quotes & (last - 1)) === 0 ? (w << 2) + byteOf(last) : -1;
    }
    if (quotes !== 0) return -1;
    run -= count;
    commas = commaBits(++w);
    quotes = quoteBits(w);
  }
}

// Word helpers. A "bits" value has bit 7 of byte i set when byte 4w+i matches.

/** Commas in word w of B. */
function commaBits(w: number): number {
  return zeroBytes(word(w) ^ 0x2c2c2c2c);
}

/** Quotes in word w of B. */
function quoteBits(w: number): number {
  return zeroBytes(word(w) ^ 0x22222222);
}

/** Bytes 4w … 4w+3 of B, first byte lowest. */
function word(w: number): number {
  return DV.getInt32(w << 2, true);
}

/** 0x80 in each zero byte of x (exact: no borrow runs between bytes). */
function zeroBytes(x: number): number {
  return ~((((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) | 0x7f7f7f7f);
}

/** Mask keeping the bytes of pos's word from pos on. */
function fromByte(pos: number): number {
  return -1 << ((pos & 3) << 3);
}

/** Byte index (0–3) of a single-bit value. */
function byteOf(bit: number): number {
  return (31 - Math.clz32(bit)) >> 3;
}

/** A quote may follow stray blanks (`, "x,y",`). Returns the delimiter offset, or -1 for a plain field. */
function quotedAt(pos: number, n: number, k: number): number {
  let q = pos;
  while (q < n && B[q] === SPACE) q++;
  return q < n && B[q] === QUOTE ? scanQuoted(q, n, k) : -1;
}

/** Offset of the next `"` at or after j (before n), or -1. */
function nextQuote(j: number, n: number): number {
  let w = j >> 2;
  let bits = quoteBits(w) & fromByte(j);
  const lastWord = n >> 2;
  while (bits === 0 && w < lastWord) bits = quoteBits(++w);
  if (bits === 0) return -1;
  const z = (w << 2) + byteOf(bits & -bits);
  return z < n ? z : -1;
}

/** Quoted field opening at q. Returns the offset of the delimiter after it, or -1 if unterminated. */
function scanQuoted(q: number, n: number, k: number): number {
  // RFC 4180: "" is a literal quote; a quote closes only before a comma / end of line
  // (optionally after blanks), otherwise it is kept literally.
  let j = q + 1;
  let esc = 0;
  for (;;) {
    const z = nextQuote(j, n);
    if (z < 0) break;
    const nx = z + 1 < n ? B[z + 1] : COMMA;
    if (nx === QUOTE) {
      esc = 2;
      j = z + 2;
      continue;
    }
    const d = closesAt(z + 1, n);
    if (d >= 0) {
      fStart[k] = q + 1;
      fEnd[k] = z;
      fQuote[k] = esc === 0 ? 1 : 2;
      quotedIdx[quotedCount++] = k;
      return d;
    }
    j = z + 1;
  }
  // Unterminated under RFC rules: maybe a relay escaped quotes as \" (so `\""` ends a value).
  j = q + 1;
  for (;;) {
    const z = nextQuote(j, n);
    if (z < 0) return -1; // give up: caller treats it as a plain field
    if (B[z - 1] === BACKSLASH && z - 1 > q) {
      j = z + 1;
      continue;
    }
    const d = closesAt(z + 1, n);
    if (d >= 0) {
      fStart[k] = q + 1;
      fEnd[k] = z;
      fQuote[k] = 3;
      quotedIdx[quotedCount++] = k;
      return d;
    }
    j = z + 1;
  }
}

/** If only blanks lie between p and the next comma / end of line, returns that offset, else -1. */
function closesAt(p: number, n: number): number {
  while (p < n) {
    const c = B[p];
    if (c === COMMA) return p;
    if (c !== SPACE && c !== 9) return -1;
    p++;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Field accessors (PAN-OS index k). All trim blanks and map empty to null.

/** Trims blanks off field k in place (fStart/fEnd); false if absent or empty. */
function trim(k: number): boolean {
  if (k >= NF) return false;
  if (SKIP[skipRow + k] !== 0) throw new Error(`field ${k} is read but not scanned (update skipRuns)`);
  let a = fStart[k];
  let b = fEnd[k];
  if (a === b) return false;
  if (B[a] <= SPACE || B[b - 1] <= SPACE) {
    while (a < b && B[a] <= SPACE) a++;
    while (b > a && B[b - 1] <= SPACE) b--;
    fStart[k] = a;
    fEnd[k] = b;
  }
  return a < b;
}

function str(k: number): string | null {
  if (!trim(k)) return null;
  const v = L.slice(fStart[k], fEnd[k]);
  const quote = fQuote[k];
  return quote < 2 ? v : unquote(v, quote);
}

function num(k: number): number | null {
  const v = numAt(k);
  return v < 0 ? null : v;
}

/** Field k as a non-negative integer, or -1 if absent, empty or not all digits. */
function numAt(k: number): number {
  if (!trim(k)) return -1;
  const b = fEnd[k];
  let v = 0;
  for (let i = fStart[k]; i < b; i++) {
    const d = B[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function nat(k: number): string | null {
  const v = str(k);
  return v === null || v === "0.0.0.0" || v === "::" ? null : v;
}

/** Protocol: a handful of tokens, returned as constants (no string per line; used as a map key). */
function proto(k: number): string | null {
  if (!trim(k)) return null;
  const a = fStart[k];
  const len = fEnd[k] - a;
  if (fQuote[k] < 2) {
    const code = protocolCode(a, len);
    if (code > 0) return PROTOCOLS[code]!;
  }
  return str(k);
}

/** The usual protocols by code: 1 tcp, 2 udp, 3 icmp. */
export const PROTOCOLS = [null, "tcp", "udp", "icmp"] as const;

/** The code in PROTOCOLS of the protocol at B[a … a+len), or -1 for any other. */
function protocolCode(a: number, len: number): number {
  if (len === 3 && B[a + 1] === 99 /* c */ && B[a + 2] === 112 /* p */ && B[a] === 116 /* t */) return 1;
  if (len === 3 && B[a + 1] === 100 /* d */ && B[a + 2] === 112 /* p */ && B[a] === 117 /* u */) return 2;
  if (len === 4 && bytesAre(a, "icmp")) return 3;
  return -1;
}

/** Users: collapse the doubled backslash some relays/test sets carry (`dom\\user`). */
function user(k: number): string | null {
  const v = str(k);
  if (v === null) return null;
  // Check the bytes first: the string search costs more than the usual answer (no `\\`).
  if (fQuote[k] < 2) {
    const b = fEnd[k] - 1;
    let i = fStart[k];
    while (i < b && !(B[i] === BACKSLASH && B[i + 1] === BACKSLASH)) i++;
    if (i >= b) return v;
  }
  return v.indexOf("\\\\") >= 0 ? v.replace(/\\\\/g, "\\") : v;
}

/** Lowercased field (severity): toLowerCase only when some character may change. */
function lower(k: number): string | null {
  const v = str(k);
  if (v === null) return null;
  const b = fEnd[k];
  for (let i = fStart[k]; i < b; i++) {
    const c = B[i];
    if ((c >= 65 && c <= 90) || c === NON_ASCII) return v.toLowerCase();
  }
  return v;
}

// Consecutive lines share their times (a busy firewall logs many lines per second,
// receive time usually equals generated time), so the last few results are kept,
// keyed by the numeric value computed while validating: a hit allocates nothing.
const CACHE = 4;
const cacheKey = new Float64Array(CACHE).fill(-1);
const cacheVal: (string | null)[] = new Array<string | null>(CACHE).fill(null);
let cacheNext = 0;
// "YYYY/MM/DD" → "YYYY-MM-DD " for the last date seen.
let lastDateKey = -1;
let lastDatePrefix = "";

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The digits of "YYYY?MM?DD?HH:MM:SS" at a as the number YYYYMMDDHHMMSS, or -1 if they are not
 * a calendar time (separators are checked by the caller).
 */
function calendarAt(a: number): number {
  const cy = dd(a);
  const yy = dd(a + 2);
  const mo = dd(a + 5);
  const d = dd(a + 8);
  const h = dd(a + 11);
  const mi = dd(a + 14);
  const sec = dd(a + 17);
  if ((cy | yy | h | mi | sec) < 0 || mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo] || h > 23 || mi > 59 || sec > 59) return -1;
  const y = cy * 100 + yy;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return -1;
  return ((y * 100 + mo) * 100 + d) * 1e6 + h * 1e4 + mi * 100 + sec;
}

/**
 * "YYYY/MM/DD HH:MM:SS" → "YYYY-MM-DD HH:MM:SS"; ISO values (CDL: `…T…Z`) are
 * returned as logged. null if absent or not a valid calendar time.
 */
function time(k: number): string | null {
  if (!trim(k)) return null;
  const a = fStart[k];
  const len = fEnd[k] - a;
  if (len < 19 || len > 40) return null;
  const sep = B[a + 4];
  const t = B[a + 10];
  if ((sep !== 47 && sep !== 45) || B[a + 7] !== sep || (t !== SPACE && t !== 84)) return null;
  if (B[a + 13] !== 58 || B[a + 16] !== 58) return null;
  const calendar = calendarAt(a);
  if (calendar < 0) return null;
  const s = L;
  if (len !== 19 || t !== SPACE) {
    // ISO (CDL) or fractional/zone suffix: rare, kept as logged after a character check.
    for (let i = a + 19; i < a + len; i++) {
      const c = B[i];
      if (!((c >= 48 && c <= 58) || c === 46 || c === 43 || c === 45 || c === 90)) return null;
    }
    const v = s.slice(a, a + len);
    return sep === 45 ? v : v.slice(0, 4) + "-" + v.slice(5, 7) + "-" + v.slice(8);
  }
  const dateKey = Math.floor(calendar / 1e6);
  const key = calendar + (sep === 45 ? 0.5 : 0);
  for (let i = 0; i < CACHE; i++) if (cacheKey[i] === key) return cacheVal[i];
  let v: string;
  if (sep === 45) v = s.slice(a, a + 19);
  else {
    if (dateKey !== lastDateKey) {
      lastDateKey = dateKey;
      lastDatePrefix = s.slice(a, a + 4) + "-" + s.slice(a + 5, a + 7) + "-" + s.slice(a + 8, a + 10) + " ";
    }
    v = lastDatePrefix + s.slice(a + 11, a + 19);
  }
  cacheKey[cacheNext] = key;
  cacheVal[cacheNext] = v;
  cacheNext = (cacheNext + 1) % CACHE;
  return v;
}

/** 10.0+ high-resolution timestamp; epoch-zero placeholders (1969/1970) are ignored. */
function highRes(k: number): string | null {
  if (!trim(k)) return null;
  const a = fStart[k];
  const b = fEnd[k];
  if (b - a < 20 || B[a + 4] !== 45 || B[a + 10] !== 84 || !isDateTimeAt(a, 45)) return null;
  const y = dd(a) * 100 + dd(a + 2);
  if (y === 1969 || y === 1970) return null;
  return L.slice(a, b);
}

// Threat field 32 "Name(id)": id = last `(digits)` group, name = text before it.
let threatName: string | null = null;
let threatId: number | null = null;
// Bytes of the name found by threatBounds (nameEnd = -1: no name).
let nameStart = 0;
let nameEnd = -1;

function threat(k: number): void {
  threatBounds(k);
  threatName = nameEnd < 0 ? null : unquote(L.slice(nameStart, nameEnd), fQuote[k]);
}

/** Sets threatId and the name's bounds (nameStart, nameEnd) from field k. */
function threatBounds(k: number): void {
  threatId = null;
  nameEnd = -1;
  if (!trim(k)) return;
  const a = fStart[k];
  const b = fEnd[k];
  let p = b;
  for (;;) {
    let close = p - 1;
    while (close > a && B[close] !== 41 /* ) */) close--;
    if (close <= a) break;
    let i = close - 1;
    let id = 0;
    let mul = 1;
    while (i > a && isDigit(B[i])) {
      id += (B[i] - 48) * mul;
      mul *= 10;
      i--;
    }
    if (i < close - 1 && B[i] === 40 /* ( */) {
      threatId = id;
      let e = i;
      while (e > a && B[e - 1] <= SPACE) e--;
      if (e > a) {
        nameStart = a;
        nameEnd = e;
      }
      return;
    }
    p = close;
  }
  nameStart = a;
  nameEnd = b;
}

function unquote(v: string, quote: number): string {
  if (quote < 2) return v;
  if (quote === 2) return v.replace(/""/g, '"');
  if (quote === 3) return v.replace(/\\"/g, '"');
  return v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// ---------------------------------------------------------------------------

function reportFunction(logType: "TRAFFIC" | "THREAT", subtype: string): ReportFunction | null {
  if (logType === "TRAFFIC") return "firewall";
  switch (subtype) {
    case "url":
      return "url";
    case "vulnerability":
      return "vulnerability";
    case "spyware":
      return "spyware";
    case "virus":
      return "virus";
    case "wildfire":
    case "wildfire-virus":
      return "wildfire";
    default:
      return null;
  }
}

/**
 * Actions are hyphenated lowercase tokens (`reset-client`), but some releases and
 * test sets log the UI spelling (`reset client`, `drop ICMP`): normalise those.
 */
function action(k: number): string {
  const v = str(k);
  if (v === null) return "";
  const b = fEnd[k];
  for (let i = fStart[k]; i < b; i++) {
    const c = B[i];
    if (c === SPACE || (c >= 65 && c <= 90)) return v.toLowerCase().replace(/\s+/g, "-");
  }
  return v;
}

const ALLOWED_ACTIONS = ["allow", "alert", "continue", "override"];

function isAllowed(action: string): boolean {
  return ALLOWED_ACTIONS.includes(action);
}

/** An address PostgreSQL's inet accepts: IPv4/IPv6 without an IPv6 zone ("fe80::1%eth0"). */
function inet(v: string): boolean {
  return isIP(v) !== 0 && !v.includes("%");
}

/** A field quoted in a reason: bounded, since the field may be anything up to MAX_LINE (found by fuzzing). */
function clip(v: string): string {
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}

function fail(reason: string, line: string): ParseResult {
  return { ok: false, reason, excerpt: line.length > EXCERPT_LEN ? line.slice(0, EXCERPT_LEN) : line };
}

/**
 * Parses one syslog line (with or without any syslog header) into a TRAFFIC/THREAT
 * event, an "other" PAN-OS record, or a rejection with a reason. Never throws.
 */
export function parseLine(line: string): ParseResult {
  if (typeof line !== "string") return fail("not a string", String(line));
  try {
    return parseInner(line);
  } catch (err) {
    // Defensive only: nothing above is expected to throw.
    return fail(`internal parser error: ${(err as Error)?.message ?? String(err)}`, line);
  } finally {
    L = ""; // do not pin the caller's line in memory
  }
}

function parseInner(line: string): ParseResult {
  let n = line.length;
  while (n > 0 && (line.charCodeAt(n - 1) === 10 || line.charCodeAt(n - 1) === 13)) n--;
  if (n === 0) return fail("empty line", line);
  if (n > MAX_LINE) return fail(`line too long: ${n} characters (PAN-OS lines are a few KiB)`, line);
  load(line, n);

  // Sets receiveStart … typeEnd.
  if (findAnchor(n) < 0 && findAnchorByType(line.length === n ? line : line.slice(0, n)) < 0) {
    return fail("no PAN-OS payload (expected 'YYYY/MM/DD HH:MM:SS,<serial>,<TYPE>,')", line);
  }

  L = line;
  const ts = typeStart;
  const te = typeEnd;
  let logType: "TRAFFIC" | "THREAT" | null = null;
  let maxIdx = MAX_IDX_OTHER;
  let row = ROW_OTHER;
  if (te - ts === 7 && bytesAre(ts, "TRAFFIC")) {
    logType = "TRAFFIC";
    maxIdx = MAX_IDX_TRAFFIC;
    row = ROW_TRAFFIC;
  } else if (te - ts === 6 && bytesAre(ts, "THREAT")) {
    logType = "THREAT";
    maxIdx = MAX_IDX_THREAT;
    row = ROW_THREAT;
  }
  NF = scan(n, maxIdx, row);

  if (logType === null) {
    return {
      ok: true,
      kind: "other",
      logType: line.slice(ts, te),
      serial: str(2),
      generatedTime: time(6),
      raw: n === line.length ? line : line.slice(0, n),
    };
  }

  if (NF <= MIN_IDX) {
    return fail(`${logType} line too short: ${NF} fields, need at least ${MIN_IDX + 1} (up to action)`, line);
  }
  const generatedTime = time(6);
  if (generatedTime === null) {
    return fail(trim(6) ? `bad generated time "${clip(L.slice(fStart[6], fEnd[6]))}"` : "missing generated time", line);
  }

  // The addresses go to inet columns: one malformed address must reject its line, not fail the
  // whole COPY batch (found by fuzzing).
  const srcIp = str(7);
  const dstIp = str(8);
  if (srcIp !== null && !inet(srcIp)) return fail(`bad source address "${clip(srcIp)}"`, line);
  if (dstIp !== null && !inet(dstIp)) return fail(`bad destination address "${clip(dstIp)}"`, line);

  const subtype = str(4) ?? "";
  const act = action(30);
  const traffic = logType === "TRAFFIC";
  let severity: string | null = null;
  if (traffic) {
    threatName = null;
    threatId = null;
  } else {
    threat(32);
    severity = lower(34);
  }

  const event: PanosEvent = {
    serial: str(2),
    logType,
    subtype,
    receiveTime: time(1),
    generatedTime,
    highResTime: highRes(traffic ? 102 : 107),
    srcIp,
    dstIp,
    natSrcIp: nat(9),
    natDstIp: nat(10),
    rule: str(11),
    srcUser: user(12),
    dstUser: user(13),
    app: str(14),
    vsys: str(15),
    srcZone: str(16),
    dstZone: str(17),
    inInterface: str(18),
    outInterface: str(19),
    sessionId: str(22), // ids stay strings: 64-bit values exceed 2^53
    repeatCount: Math.max(num(23) ?? 1, 1),
    srcPort: num(24),
    dstPort: num(25),
    natSrcPort: num(26),
    natDstPort: num(27),
    protocol: proto(29),
    action: act,
    allowed: isAllowed(act),
    isSession: !(traffic && subtype === "start"),
    bytes: traffic ? num(31) : null,
    bytesSent: traffic ? num(32) : null,
    bytesReceived: traffic ? num(33) : null,
    packets: traffic ? num(34) : null,
    packetsSent: traffic ? num(44) : null,
    packetsReceived: traffic ? num(45) : null,
    elapsed: traffic ? num(36) : null,
    startTime: traffic ? time(35) : null,
    sessionEndReason: traffic ? str(46) : null,
    category: str(traffic ? 37 : 33),
    url: traffic ? null : str(31),
    threatName,
    threatId,
    severity,
    threatDirection: traffic ? null : str(35),
    threatCategory: traffic ? null : str(69),
    contentType: traffic ? null : str(41),
    fileDigest: traffic ? null : str(43),
    fileType: traffic ? null : str(47),
    reportId: traffic ? null : str(53),
    sequence: str(traffic ? 39 : 36),
    srcLocation: str(traffic ? 41 : 38),
    dstLocation: str(traffic ? 42 : 39),
    deviceName: str(traffic ? 52 : 59),
    ruleUuid: str(traffic ? 65 : 76),
    fn: reportFunction(logType, subtype),
  };
  const tooBig = outOfRange(event.repeatCount, event.srcPort ?? -1, event.dstPort ?? -1, event.threatId ?? -1, event.bytes ?? -1, event.packets ?? -1);
  if (tooBig !== null) {
    const [name, k] = tooBig === "threat id" ? ["threat id in", 32] : [tooBig, NUMBER_FIELDS[tooBig]];
    return fail(`${name} "${clip(str(k) ?? "")}" out of range`, line);
  }
  return { ok: true, kind: "event", event };
}

/** Fields of the numbers outOfRange checks (TRAFFIC positions; the THREAT ones agree up to 25). */
const NUMBER_FIELDS = { "repeat count": 23, "source port": 24, "destination port": 25, bytes: 31, packets: 34 } as const;

/**
 * Which stored number is too big for its column (integer: repeat count and ports; bigint: threat
 * id, bytes, packets), or null; -1 stands for none. Such a line is rejected: one value PostgreSQL
 * refuses would fail the whole batch, and the ingest with it, at every retry.
 */
function outOfRange(repeat: number, srcPort: number, dstPort: number, threatId: number, bytes: number, packets: number): keyof typeof NUMBER_FIELDS | "threat id" | null {
  if (repeat > INT4_MAX) return "repeat count";
  if (srcPort > INT4_MAX) return "source port";
  if (dstPort > INT4_MAX) return "destination port";
  if (threatId >= INT8_LIMIT) return "threat id";
  if (bytes >= INT8_LIMIT) return "bytes";
  if (packets >= INT8_LIMIT) return "packets";
  return null;
}

// ---------------------------------------------------------------------------
// Byte lane: the ingest's fast path for the lines that make up nearly all of a feed
// (TRAFFIC, and THREAT url). parseBytes reads the line straight from the batch's bytes and
// leaves, instead of a PanosEvent, the bounds of the fields a row needs (in lineBytes) and the
// numbers decoded from them. Why: parseLine's strings and its event object were made only to
// be copied into a COPY row again, and collecting them was about a fifth of the build's time.
// Anything unusual (non-ASCII, escaped quotes, another log type or subtype, a value parseLine
// would rewrite or reject) returns LANE_NONE, and the caller parses the line's text with
// parseLine: both lanes must give the same result (batch-builder.lane.test.ts).

export const LANE_NONE = 0;
export const LANE_TRAFFIC = 1;
export const LANE_URL = 2;

/** The last line's bytes (ASCII); laneRange indexes into it. */
export const lineBytes: Uint8Array = B;
const lineBuffer = Buffer.from(B.buffer, B.byteOffset, B.byteLength);

/** Text of lineBytes[a … b) (ASCII on the byte lane). */
export function laneText(a: number, b: number): string {
  return lineBuffer.toString("latin1", a, b);
}

// Field slots: laneRange[2 * slot] … laneRange[2 * slot + 1]; start -1 = null. An empty range is
// the empty string (subtype and action are "" when empty, as in PanosEvent).
export const F_SERIAL = 0;
export const F_SUBTYPE = 1;
export const F_ACTION = 2;
export const F_SRC = 3;
export const F_DST = 4;
export const F_PROTOCOL = 5;
export const F_APP = 6;
export const F_RULE = 7;
export const F_SRC_ZONE = 8;
export const F_DST_ZONE = 9;
export const F_SRC_USER = 10;
export const F_DST_USER = 11;
export const F_URL = 12;
export const F_CATEGORY = 13;
export const F_THREAT_NAME = 14;
export const F_SEVERITY = 15;
/** generated time as logged, "YYYY/MM/DD HH:MM:SS" */
export const F_TIME = 16;
export const laneRange = new Int32Array(2 * 17);

// Numbers: -1 = null.
export const N_REPEAT = 0;
export const N_SRC_PORT = 1;
export const N_DST_PORT = 2;
export const N_THREAT_ID = 3;
export const N_BYTES = 4;
export const N_PACKETS = 5;
/** addresses as IPv4 numbers (-1: no address) */
export const N_SRC_V4 = 6;
export const N_DST_V4 = 7;
/** generated time as the number YYYYMMDDHHMMSS */
export const N_TIME = 8;
/** 1 if the action is allowed (PanosEvent.allowed), else 0 */
export const N_ALLOWED = 9;
/** 1 unless a TRAFFIC start log (PanosEvent.isSession) */
export const N_SESSION = 10;
/** the protocol's code in PROTOCOLS (0: no protocol), -1 for another protocol */
export const N_PROTOCOL = 11;
export const laneNum = new Float64Array(12);

function setRange(slot: number, a: number, b: number): void {
  laneRange[2 * slot] = a;
  laneRange[2 * slot + 1] = b;
}

/** Field k's trimmed bounds into slot, or null when absent or empty (as str()). */
function rangeOf(slot: number, k: number): void {
  if (trim(k)) setRange(slot, fStart[k], fEnd[k]);
  else setRange(slot, -1, -1);
}

/**
 * Parses bytes[s … e) (one line, without its LF) onto the byte lane. Returns LANE_TRAFFIC or
 * LANE_URL with laneRange / laneNum set, or LANE_NONE: then parseLine on the line's text decides.
 */
export function parseBytes(bytes: Buffer, s: number, e: number): number {
  let n = e - s;
  while (n > 0 && (bytes[s + n - 1] === 10 || bytes[s + n - 1] === 13)) n--;
  if (n === 0 || n > MAX_LINE) return LANE_NONE;
  bytes.copy(B, 0, s, s + n);
  B[n] = COMMA; // the sentinel, as load()
  B[n + 1] = 0;
  B[n + 2] = 0;
  B[n + 3] = 0;
  let high = 0;
  for (let w = 0, last = n >> 2; w <= last; w++) high |= word(w);
  if ((high & 0x80808080) !== 0) return LANE_NONE; // not ASCII: offsets of bytes and text differ
  if (findAnchor(n) < 0) return LANE_NONE;
  const ts = typeStart;
  const te = typeEnd;
  let lane: number;
  if (te - ts === 7 && bytesAre(ts, "TRAFFIC")) {
    lane = LANE_TRAFFIC;
    NF = scan(n, MAX_IDX_TRAFFIC, ROW_TRAFFIC);
  } else if (te - ts === 6 && bytesAre(ts, "THREAT")) {
    lane = LANE_URL;
    NF = scan(n, MAX_IDX_THREAT, ROW_THREAT);
  } else return LANE_NONE;
  if (NF <= MIN_IDX) return LANE_NONE;
  for (let i = 0; i < quotedCount; i++) if (fQuote[quotedIdx[i]] >= 2) return LANE_NONE; // "" or \" inside
  const traffic = lane === LANE_TRAFFIC;

  if (trim(4)) setRange(F_SUBTYPE, fStart[4], fEnd[4]);
  else setRange(F_SUBTYPE, 0, 0);
  const sa = laneRange[2 * F_SUBTYPE];
  const sl = laneRange[2 * F_SUBTYPE + 1] - sa;
  if (!traffic && !(sl === 3 && bytesAre(sa, "url"))) return LANE_NONE;
  laneNum[N_SESSION] = traffic && sl === 5 && bytesAre(sa, "start") ? 0 : 1;

  if (!laneTime()) return LANE_NONE;
  if (!laneAddress(F_SRC, N_SRC_V4, 7) || !laneAddress(F_DST, N_DST_V4, 8)) return LANE_NONE;

  // Action: parseLine rewrites the UI spelling (spaces, capitals); those lines take its lane.
  if (trim(30)) {
    const a = fStart[30];
    const b = fEnd[30];
    for (let i = a; i < b; i++) if (B[i] === SPACE || (B[i] >= 65 && B[i] <= 90)) return LANE_NONE;
    setRange(F_ACTION, a, b);
    const len = b - a;
    laneNum[N_ALLOWED] = ALLOWED_ACTIONS.some((w) => w.length === len && bytesAre(a, w)) ? 1 : 0;
  } else {
    setRange(F_ACTION, 0, 0);
    laneNum[N_ALLOWED] = 0;
  }
  // Users with a doubled backslash are rewritten by user(): parseLine's lane.
  if (!laneUser(F_SRC_USER, 12) || !laneUser(F_DST_USER, 13)) return LANE_NONE;

  rangeOf(F_SERIAL, 2);
  rangeOf(F_RULE, 11);
  rangeOf(F_APP, 14);
  rangeOf(F_SRC_ZONE, 16);
  rangeOf(F_DST_ZONE, 17);
  rangeOf(F_PROTOCOL, 29);
  const pa = laneRange[2 * F_PROTOCOL];
  laneNum[N_PROTOCOL] = pa < 0 ? 0 : protocolCode(pa, laneRange[2 * F_PROTOCOL + 1] - pa);
  const repeat = numAt(23);
  laneNum[N_REPEAT] = repeat < 1 ? 1 : repeat;
  laneNum[N_SRC_PORT] = numAt(24);
  laneNum[N_DST_PORT] = numAt(25);
  if (traffic) {
    laneNum[N_BYTES] = numAt(31);
    laneNum[N_PACKETS] = numAt(34);
    rangeOf(F_CATEGORY, 37);
    setRange(F_URL, -1, -1);
    setRange(F_THREAT_NAME, -1, -1);
    setRange(F_SEVERITY, -1, -1);
    laneNum[N_THREAT_ID] = -1;
  } else {
    laneNum[N_BYTES] = -1;
    laneNum[N_PACKETS] = -1;
    rangeOf(F_URL, 31);
    rangeOf(F_CATEGORY, 33);
    threatBounds(32);
    setRange(F_THREAT_NAME, nameEnd < 0 ? -1 : nameStart, nameEnd);
    laneNum[N_THREAT_ID] = threatId === null ? -1 : threatId;
    // Severity is lowercased by lower(): capitals take parseLine's lane.
    rangeOf(F_SEVERITY, 34);
    for (let i = laneRange[2 * F_SEVERITY], b = laneRange[2 * F_SEVERITY + 1]; i < b; i++) if (B[i] >= 65 && B[i] <= 90) return LANE_NONE;
  }
  const N = laneNum;
  if (outOfRange(N[N_REPEAT], N[N_SRC_PORT], N[N_DST_PORT], N[N_THREAT_ID], N[N_BYTES], N[N_PACKETS]) !== null) return LANE_NONE; // parseLine rejects it
  return lane;
}

/** Generated time (field 6) in the usual "YYYY/MM/DD HH:MM:SS", checked as time() checks it; false for any other form. */
function laneTime(): boolean {
  if (!trim(6)) return false;
  const a = fStart[6];
  if (fEnd[6] - a !== 19 || B[a + 4] !== 47 || B[a + 7] !== 47 || B[a + 10] !== SPACE || B[a + 13] !== 58 || B[a + 16] !== 58) return false;
  const calendar = calendarAt(a);
  if (calendar < 0) return false;
  setRange(F_TIME, a, a + 19);
  laneNum[N_TIME] = calendar;
  return true;
}

/** An address field as a canonical IPv4 (what isIP accepts: no leading zeros), or absent; false for anything else (IPv6, bad). */
function laneAddress(slot: number, numSlot: number, k: number): boolean {
  if (!trim(k)) {
    setRange(slot, -1, -1);
    laneNum[numSlot] = -1;
    return true;
  }
  const a = fStart[k];
  const b = fEnd[k];
  if (b - a < 7 || b - a > 15) return false;
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = a; i < b; i++) {
    const c = B[i];
    if (c === 46 /* . */) {
      if (digits === 0 || ++dots > 3) return false;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && part === 0) return false; // leading zero
      part = part * 10 + (c - 48);
      if (part > 255) return false;
      digits++;
    } else return false;
  }
  if (dots !== 3 || digits === 0) return false;
  setRange(slot, a, b);
  laneNum[numSlot] = value * 256 + part;
  return true;
}

/** A user field, unless it holds a doubled backslash (user() rewrites those). */
function laneUser(slot: number, k: number): boolean {
  rangeOf(slot, k);
  for (let i = laneRange[2 * slot], b = laneRange[2 * slot + 1] - 1; i < b; i++) if (B[i] === BACKSLASH && B[i + 1] === BACKSLASH) return false;
  return true;
}
