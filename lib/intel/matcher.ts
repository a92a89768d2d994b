import { formatIPv6, parseIPv4, parseIPv6 } from "@/lib/geo/ip";

// A threat-intelligence list compiled for the ingest hot path: exact values in a Map (value →
// expiry in ms), IPv4 networks in one Map per prefix length. An entry matches an event that
// happened before the entry's expiry.

const NEVER = Number.POSITIVE_INFINITY;

export class IntelSet {
  private readonly exact = new Map<string, number>();
  /** prefix size (2^(32-prefix)) → network base → expiry */
  private readonly nets = new Map<number, Map<number, number>>();
  private hasV6 = false;

  constructor(readonly kind: "ip" | "domain") {}

  get size(): number {
    let n = this.exact.size;
    for (const m of this.nets.values()) n += m.size;
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
      let m = this.nets.get(size);
      if (!m) this.nets.set(size, (m = new Map()));
      m.set(base, Math.max(exp, m.get(base) ?? 0));
      return;
    }
    if (value.includes(":")) this.hasV6 = true;
    this.exact.set(value, Math.max(exp, this.exact.get(value) ?? 0));
  }

  /** `at` gives the event time in ms; called only when an entry with an expiry is found. */
  hasIp(ip: string, at: () => number): boolean {
    const e = this.exact.get(ip);
    if (e !== undefined && (e === NEVER || at() < e)) return true;
    if (this.hasV6 && ip.includes(":")) {
      const w = parseIPv6(ip);
      const canonical = w ? formatIPv6(w) : null;
      if (canonical && canonical !== ip) {
        const c = this.exact.get(canonical);
        if (c !== undefined && (c === NEVER || at() < c)) return true;
      }
    }
    if (this.nets.size === 0) return false;
    const n = parseIPv4(ip);
    if (n < 0) return false;
    for (const [size, bases] of this.nets) {
      const x = bases.get(n - (n % size));
      if (x !== undefined && (x === NEVER || at() < x)) return true;
    }
    return false;
  }

  /** The host or any parent domain is listed ("evil.example" lists "www.evil.example"). */
  hasDomain(host: string, at: () => number): boolean {
    let h = host;
    for (;;) {
      const e = this.exact.get(h);
      if (e !== undefined && (e === NEVER || at() < e)) return true;
      const dot = h.indexOf(".");
      if (dot < 0 || h.indexOf(".", dot + 1) < 0) return false; // stop at the registrable-ish last two labels
      h = h.slice(dot + 1);
    }
  }
}

/** The host part of a PAN-OS url/misc field ("www.example.com/path", "example.com:443/x"), lower case. */
export function hostOf(url: string): string {
  let end = url.length;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 /* / */ || c === 58 /* : */ || c === 63 /* ? */) {
      end = i;
      break;
    }
  }
  let h = url.slice(0, end);
  const scheme = url.indexOf("://");
  if (scheme > 0 && scheme === end) {
    const rest = url.slice(scheme + 3);
    return hostOf(rest);
  }
  if (h.endsWith(".")) h = h.slice(0, -1);
  return h.toLowerCase();
}
