import { formatIPv6, parseIPv4, parseIPv6 } from "@/lib/geo/ip";

// A threat-intelligence list compiled for the ingest hot path. IPv4 addresses are kept as
// int32 keys (cheap to hash), networks in one Map per prefix length, other values (IPv6,
// domains) as strings; each maps to its expiry in ms. An entry matches an event that happened
// before its expiry. Domain lookups are cached per URL, since the same URLs come back again
// and again in a month of logs.

const NEVER = Number.POSITIVE_INFINITY;
const NO_MATCH = 0;
const URL_CACHE_LIMIT = 100_000;

/** A list's entries as plain data ([value, expiry in ms or null]): it crosses to ingest worker threads. */
export interface IntelListData {
  id: string;
  kind: "ip" | "domain";
  entries: [string, number | null][];
}

export class IntelSet {
  private readonly v4 = new Map<number, number>();
  private readonly exact = new Map<string, number>();
  private netSizes: number[] = [];
  private netBases: Map<number, number>[] = [];
  private hasV6 = false;
  /** url → the latest expiry of the entries its host matches (0: none) */
  private readonly urlCache = new Map<string, number>();

  constructor(readonly kind: "ip" | "domain") {}

  /** A list compiled from its entries (loadIntelListData). */
  static fromData(list: IntelListData): IntelSet {
    const set = new IntelSet(list.kind);
    for (const [value, expires] of list.entries) set.add(value, expires === null ? null : new Date(expires));
    return set;
  }

  get size(): number {
    let n = this.exact.size + this.v4.size;
    for (const m of this.netBases) n += m.size;
    return n;
  }

  /** value as stored (normalised on import), expiry or null for none. */
  add(value: string, expiresAt: Date | null): void {
    const exp = expiresAt ? expiresAt.getTime() : NEVER;
    const slash = value.indexOf("/");
    if (this.kind === "ip" && slash > 0) {
      const base = parseIPv4(value.slice(0, slash));
      const size = 2 ** (32 - Number(value.slice(slash + 1)));
      if (base < 0 || !Number.isFinite(size)) return;
      let k = this.netSizes.indexOf(size);
      if (k < 0) {
        this.netSizes.push(size);
        this.netBases.push(new Map());
        k = this.netSizes.length - 1;
      }
      const m = this.netBases[k]!;
      m.set(base | 0, Math.max(exp, m.get(base | 0) ?? 0));
      return;
    }
    const n = this.kind === "ip" ? parseIPv4(value) : -1;
    if (n >= 0) {
      this.v4.set(n | 0, Math.max(exp, this.v4.get(n | 0) ?? 0));
      return;
    }
    if (value.includes(":")) this.hasV6 = true;
    this.exact.set(value, Math.max(exp, this.exact.get(value) ?? 0));
    this.urlCache.clear();
  }

  /** An IPv4 address already parsed by the caller (parseIPv4). `at` gives the event time, asked only for entries that expire. */
  hasV4(n: number, at: () => number): boolean {
    const e = this.v4.get(n | 0);
    if (e !== undefined && (e === NEVER || at() < e)) return true;
    for (let k = 0; k < this.netSizes.length; k++) {
      const size = this.netSizes[k]!;
      const x = this.netBases[k]!.get((n - (n % size)) | 0);
      if (x !== undefined && (x === NEVER || at() < x)) return true;
    }
    return false;
  }

  hasIp(ip: string, at: () => number): boolean {
    const n = parseIPv4(ip);
    if (n >= 0) return this.hasV4(n, at);
    if (!this.hasV6) return false;
    const e = this.exact.get(ip);
    if (e !== undefined && (e === NEVER || at() < e)) return true;
    const w = parseIPv6(ip);
    const canonical = w ? formatIPv6(w) : null;
    if (canonical && canonical !== ip) {
      const c = this.exact.get(canonical);
      if (c !== undefined && (c === NEVER || at() < c)) return true;
    }
    return false;
  }

  /** The host or any parent domain is listed ("evil.example" lists "www.evil.example"). */
  hasDomain(host: string, at: () => number): boolean {
    const exp = this.domainExpiry(host);
    return exp !== NO_MATCH && (exp === NEVER || at() < exp);
  }

  /** hasDomain on a PAN-OS url/misc field, cached per field value. */
  hasUrl(url: string, at: () => number): boolean {
    let exp = this.urlCache.get(url);
    if (exp === undefined) {
      exp = this.domainExpiry(hostOf(url));
      if (this.urlCache.size >= URL_CACHE_LIMIT) this.urlCache.clear();
      this.urlCache.set(url, exp);
    }
    return exp !== NO_MATCH && (exp === NEVER || at() < exp);
  }

  private domainExpiry(host: string): number {
    let best = NO_MATCH;
    let h = host;
    for (;;) {
      const e = this.exact.get(h);
      if (e !== undefined && e > best) best = e;
      const dot = h.indexOf(".");
      if (dot < 0 || h.indexOf(".", dot + 1) < 0) return best; // stop at the last two labels
      h = h.slice(dot + 1);
    }
  }
}

/** The host part of a PAN-OS url/misc field ("www.example.com/path", "example.com:443/x", "https://…"), lower case. */
export function hostOf(url: string): string {
  let start = 0;
  const scheme = url.indexOf("://");
  if (scheme > 0 && scheme < 12) start = scheme + 3;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 /* / */ || c === 58 /* : */ || c === 63 /* ? */) {
      end = i;
      break;
    }
  }
  if (end > start && url.charCodeAt(end - 1) === 46 /* . */) end--;
  return url.slice(start, end).toLowerCase();
}
