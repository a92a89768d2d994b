/**
 * IP range -> (AS number, AS organisation) table loaded from the
 * `@ip-location-db/asn` CSV files.
 *
 * Why hand-written: the npm registry has no installable MMDB build of this ASN
 * data (the `@ip-location-db/asn-mmdb` package is not available to us), and
 * there is no other offline IP->organisation source we may ship. The CSV is
 * ~500k ranges, so it is loaded once (lazily) into compact typed arrays:
 *
 *   IPv4: Uint32Array starts/ends (sorted by start) + Uint32Array asn + org index
 *   IPv6: the same with four 32-bit words per address (Uint32Array, 4 * n)
 *
 * Organisation names are de-duplicated into one string table (~85k names).
 * Memory: ~8 MB for IPv4 + ~5 MB for IPv6 + the name table. Lookup is a
 * binary search over the starts ("last range whose start <= ip", then check
 * its end), i.e. ~19 comparisons.
 *
 * Accepted line formats (RFC 4180 quoting for the organisation):
 *   1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."            (asn-ipv4.csv)
 *   16777216,16777471,13335,"Cloudflare, Inc."             (asn-ipv4-num.csv)
 *   2001:200::,2001:200:ffff:...:ffff,2500,WIDE Project    (asn-ipv6.csv)
 *   42540528726795050063891204319802818560,...,2500,WIDE   (asn-ipv6-num.csv; decimal 128-bit)
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseIPv4, parseIPv6 } from "./ip";

export interface AsnHit {
  asn: number;
  org: string;
}

class GrowU32 {
  buf: Uint32Array<ArrayBuffer>;
  len = 0;
  constructor(cap: number) {
    this.buf = new Uint32Array(Math.max(16, cap));
  }
  push(v: number): void {
    if (this.len === this.buf.length) {
      const nb = new Uint32Array(this.buf.length * 2);
      nb.set(this.buf);
      this.buf = nb;
    }
    this.buf[this.len++] = v;
  }
  done(): Uint32Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }
}

const TWO32 = 0x100000000n;

function decimalToWords(s: string, out: Uint32Array, at: number): boolean {
  let v: bigint;
  try {
    v = BigInt(s);
  } catch {
    return false;
  }
  if (v < 0n || v >= 1n << 128n) return false;
  out[at + 3] = Number(v % TWO32);
  v /= TWO32;
  out[at + 2] = Number(v % TWO32);
  v /= TWO32;
  out[at + 1] = Number(v % TWO32);
  v /= TWO32;
  out[at] = Number(v);
  return true;
}

/** Compare 4-word address a[ai..] with b[bi..]. */
function cmp6(a: Uint32Array, ai: number, b: Uint32Array, bi: number): number {
  for (let k = 0; k < 4; k++) {
    const x = a[ai + k]!;
    const y = b[bi + k]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export class AsnTable {
  private v4Start: Uint32Array = new Uint32Array(0);
  private v4End: Uint32Array = new Uint32Array(0);
  private v4Asn: Uint32Array = new Uint32Array(0);
  private v4Org: Uint32Array = new Uint32Array(0);
  private v6Start: Uint32Array = new Uint32Array(0);
  private v6End: Uint32Array = new Uint32Array(0);
  private v6Asn: Uint32Array = new Uint32Array(0);
  private v6Org: Uint32Array = new Uint32Array(0);
  private orgs: string[] = [];
  readonly sources: string[] = [];

  get size(): { v4: number; v6: number; orgs: number } {
    return { v4: this.v4Start.length, v6: this.v6Asn.length, orgs: this.orgs.length };
  }

  /**
   * The table of these CSV files, from a binary snapshot of an earlier parse when one is there
   * (written beside the package's other caches, keyed by the files' paths, sizes and times).
   * Parsing the ~45 MB of CSV takes about a second and every process and ingest thread needs
   * the table; the snapshot loads in a few milliseconds. A snapshot that cannot be read or
   * written only means parsing again.
   */
  static load(files: string[], opts: { cacheDir?: string; minBytes?: number } = {}): AsnTable {
    const cacheDir = opts.cacheDir ?? path.resolve("node_modules/.cache/mamori");
    let snapshot: string | null = null;
    try {
      let bytes = 0;
      const id = files.map((f) => {
        const st = fs.statSync(f);
        bytes += st.size;
        return `${path.resolve(f)}:${st.size}:${st.mtimeMs}`;
      });
      if (bytes < (opts.minBytes ?? 1 << 20)) return AsnTable.fromFiles(files); // small files parse at once
      snapshot = path.join(cacheDir, `asn-${createHash("sha256").update(id.join("|")).digest("hex").slice(0, 24)}.bin`);
      const t = AsnTable.fromSnapshot(fs.readFileSync(snapshot));
      if (t) {
        t.sources.push(...files);
        t.loadedFromSnapshot = true;
        return t;
      }
    } catch {
      // no snapshot yet (or the sources are missing: fromFiles below says so)
    }
    const t = AsnTable.fromFiles(files);
    if (snapshot) {
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        const tmp = `${snapshot}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        fs.writeFileSync(tmp, t.snapshot());
        fs.renameSync(tmp, snapshot); // atomic: a concurrent reader sees the whole file or none
      } catch {
        // read-only disk: parse each time
      }
    }
    return t;
  }

  /** Whether this table came from a snapshot (tests). */
  loadedFromSnapshot = false;

  private static readonly MAGIC = 0x4d414e31; // "MAN1"

  /** Header (magic, counts, org bytes), the eight arrays, then the organisation names joined by NUL. */
  private snapshot(): Buffer {
    const arrays = [this.v4Start, this.v4End, this.v4Asn, this.v4Org, this.v6Start, this.v6End, this.v6Asn, this.v6Org];
    const names = Buffer.from(this.orgs.join("\0"), "utf8");
    const header = new Uint32Array([AsnTable.MAGIC, this.v4Start.length, this.v6Asn.length, this.orgs.length, names.length]);
    return Buffer.concat([Buffer.from(header.buffer), ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)), names]);
  }

  private static fromSnapshot(buf: Buffer): AsnTable | null {
    if (buf.length < 20) return null;
    const header = new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + 20));
    const [magic, n4, n6, orgCount, nameBytes] = header as unknown as [number, number, number, number, number];
    const lengths = [n4, n4, n4, n4, 4 * n6, 4 * n6, n6, n6];
    const arrayBytes = 4 * lengths.reduce((a, b) => a + b, 0);
    if (magic !== AsnTable.MAGIC || buf.length !== 20 + arrayBytes + nameBytes) return null;
    // One aligned copy of the arrays' bytes; the typed arrays are views of it.
    const body = buf.buffer.slice(buf.byteOffset + 20, buf.byteOffset + 20 + arrayBytes);
    let at = 0;
    const next = (len: number) => {
      const a = new Uint32Array(body, at, len);
      at += 4 * len;
      return a;
    };
    const t = new AsnTable();
    [t.v4Start, t.v4End, t.v4Asn, t.v4Org, t.v6Start, t.v6End, t.v6Asn, t.v6Org] = lengths.map(next) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    t.orgs = orgCount === 0 ? [] : buf.toString("utf8", 20 + arrayBytes).split("\0");
    if (t.orgs.length !== orgCount) return null;
    return t;
  }

  /** Load one or more CSV files. The family of numeric files is taken from the file name ("ipv6"/"v6"). */
  static fromFiles(files: string[]): AsnTable {
    const t = new AsnTable();
    const orgIndex = new Map<string, number>();
    const s4 = new GrowU32(1 << 19);
    const e4 = new GrowU32(1 << 19);
    const a4 = new GrowU32(1 << 19);
    const o4 = new GrowU32(1 << 19);
    const s6 = new GrowU32(1 << 19);
    const e6 = new GrowU32(1 << 19);
    const a6 = new GrowU32(1 << 17);
    const o6 = new GrowU32(1 << 17);
    const tmp = new Uint32Array(8);
    for (const file of files) {
      const numericIsV6 = /(ipv6|v6)/i.test(file.split(/[\\/]/).pop() ?? "");
      const text = fs.readFileSync(file, "utf8");
      t.sources.push(file);
      let pos = 0;
      const n = text.length;
      while (pos < n) {
        let eol = text.indexOf("\n", pos);
        if (eol < 0) eol = n;
        let end = eol;
        if (end > pos && text.charCodeAt(end - 1) === 13) end--;
        if (end > pos) {
          const c1 = text.indexOf(",", pos);
          const c2 = c1 < 0 ? -1 : text.indexOf(",", c1 + 1);
          const c3 = c2 < 0 ? -1 : text.indexOf(",", c2 + 1);
          if (c3 > 0 && c3 < end) {
            const a = text.slice(pos, c1);
            const b = text.slice(c1 + 1, c2);
            const asn = Number(text.slice(c2 + 1, c3));
            let org = text.slice(c3 + 1, end);
            if (org.charCodeAt(0) === 34 && org.length >= 2 && org.charCodeAt(org.length - 1) === 34) {
              org = org.slice(1, -1).replace(/""/g, '"');
            }
            let oi = orgIndex.get(org);
            if (oi === undefined) {
              oi = t.orgs.length;
              t.orgs.push(org);
              orgIndex.set(org, oi);
            }
            const isText6 = a.includes(":");
            const isText4 = !isText6 && a.includes(".");
            if (isText4) {
              const x = parseIPv4(a);
              const y = parseIPv4(b);
              if (x >= 0 && y >= 0) {
                s4.push(x);
                e4.push(y);
                a4.push(asn);
                o4.push(oi);
              }
            } else if (isText6) {
              const x = parseIPv6(a);
              const y = parseIPv6(b);
              if (x && y) {
                for (let k = 0; k < 4; k++) s6.push(x[k]!);
                for (let k = 0; k < 4; k++) e6.push(y[k]!);
                a6.push(asn);
                o6.push(oi);
              }
            } else if (!numericIsV6) {
              const x = Number(a);
              const y = Number(b);
              if (Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y <= 0xffffffff) {
                s4.push(x);
                e4.push(y);
                a4.push(asn);
                o4.push(oi);
              }
            } else if (decimalToWords(a, tmp, 0) && decimalToWords(b, tmp, 4)) {
              for (let k = 0; k < 8; k++) (k < 4 ? s6 : e6).push(tmp[k]!);
              a6.push(asn);
              o6.push(oi);
            }
          }
        }
        pos = eol + 1;
      }
    }
    t.v4Start = s4.done();
    t.v4End = e4.done();
    t.v4Asn = a4.done();
    t.v4Org = o4.done();
    t.v6Start = s6.done();
    t.v6End = e6.done();
    t.v6Asn = a6.done();
    t.v6Org = o6.done();
    t.sortIfNeeded();
    return t;
  }

  /** The shipped files are sorted; files given by an operator might not be. */
  private sortIfNeeded(): void {
    let sorted4 = true;
    for (let i = 1; i < this.v4Start.length; i++) {
      if (this.v4Start[i]! < this.v4Start[i - 1]!) {
        sorted4 = false;
        break;
      }
    }
    if (!sorted4) {
      const idx = Array.from(this.v4Start.keys()).sort((x, y) => this.v4Start[x]! - this.v4Start[y]!);
      const perm = (src: Uint32Array) => Uint32Array.from(idx, (i) => src[i]!);
      this.v4Start = perm(this.v4Start);
      this.v4End = perm(this.v4End);
      this.v4Asn = perm(this.v4Asn);
      this.v4Org = perm(this.v4Org);
    }
    const n6 = this.v6Asn.length;
    let sorted6 = true;
    for (let i = 1; i < n6; i++) {
      if (cmp6(this.v6Start, 4 * i, this.v6Start, 4 * (i - 1)) < 0) {
        sorted6 = false;
        break;
      }
    }
    if (!sorted6) {
      const idx = Array.from({ length: n6 }, (_, i) => i).sort((x, y) => cmp6(this.v6Start, 4 * x, this.v6Start, 4 * y));
      const perm4 = (src: Uint32Array) => {
        const out = new Uint32Array(src.length);
        idx.forEach((from, to) => out.set(src.subarray(4 * from, 4 * from + 4), 4 * to));
        return out;
      };
      this.v6Start = perm4(this.v6Start);
      this.v6End = perm4(this.v6End);
      this.v6Asn = Uint32Array.from(idx, (i) => this.v6Asn[i]!);
      this.v6Org = Uint32Array.from(idx, (i) => this.v6Org[i]!);
    }
  }

  lookupV4(ip: number): AsnHit | null {
    const starts = this.v4Start;
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= ip) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || this.v4End[found]! < ip) return null;
    return { asn: this.v4Asn[found]!, org: this.orgs[this.v4Org[found]!]! };
  }

  lookupV6(w: Uint32Array): AsnHit | null {
    const starts = this.v6Start;
    let lo = 0;
    let hi = this.v6Asn.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp6(starts, 4 * mid, w, 0) <= 0) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || cmp6(this.v6End, 4 * found, w, 0) < 0) return null;
    return { asn: this.v6Asn[found]!, org: this.orgs[this.v6Org[found]!]! };
  }
}
