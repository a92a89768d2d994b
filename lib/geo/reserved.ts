/**
 * Special-purpose address ranges (IANA IPv4/IPv6 special-purpose registries,
 * RFC 1918, 6598, 5737, 2544, 3849, 4193, 4291, 9637). Addresses in these
 * ranges are labelled and never looked up in the geo/ASN data: their "country"
 * would be meaningless (e.g. 203.0.113.0/24 resolves to AU in some databases).
 */
import { parseIPv4, parseIPv6 } from "./ip";

export type ReservedLabel =
  | "private"
  | "documentation"
  | "loopback"
  | "link-local"
  | "cgnat"
  | "multicast"
  | "benchmark"
  | "unspecified"
  /** other IANA-reserved space: 240.0.0.0/4 (incl. 255.255.255.255), 192.0.0.0/24, 100::/64 */
  | "reserved";

export const RESERVED_LABELS: readonly ReservedLabel[] = [
  "private",
  "documentation",
  "loopback",
  "link-local",
  "cgnat",
  "multicast",
  "benchmark",
  "unspecified",
  "reserved",
];

/** Classify an IPv4 address given as an unsigned 32-bit integer. */
export function classifyIPv4(ip: number): ReservedLabel | null {
  const a = ip >>> 24;
  switch (a) {
    case 0:
      return "unspecified"; // 0.0.0.0/8 "this network"
    case 10:
      return "private";
    case 100:
      return ((ip >>> 22) & 0x3) === 1 ? "cgnat" : null; // 100.64.0.0/10
    case 127:
      return "loopback";
    case 169:
      return ((ip >>> 16) & 255) === 254 ? "link-local" : null;
    case 172:
      return ((ip >>> 20) & 0xf) === 1 ? "private" : null; // 172.16.0.0/12
    case 192: {
      const b = (ip >>> 16) & 255;
      if (b === 168) return "private";
      if (b === 0) {
        const c = (ip >>> 8) & 255;
        if (c === 2) return "documentation"; // 192.0.2.0/24 TEST-NET-1
        if (c === 0) return "reserved"; // 192.0.0.0/24 IETF protocol assignments
      }
      return null;
    }
    case 198: {
      const b = (ip >>> 16) & 255;
      if (b === 18 || b === 19) return "benchmark"; // 198.18.0.0/15
      if (b === 51 && ((ip >>> 8) & 255) === 100) return "documentation"; // TEST-NET-2
      return null;
    }
    case 203:
      return ((ip >>> 16) & 255) === 0 && ((ip >>> 8) & 255) === 113 ? "documentation" : null; // TEST-NET-3
    default:
      if (a >= 224 && a <= 239) return "multicast";
      if (a >= 240) return "reserved";
      return null;
  }
}

/**
 * Classify an IPv6 address given as four big-endian 32-bit words.
 * IPv4-mapped addresses (::ffff:a.b.c.d) are classified as their IPv4 address.
 */
export function classifyIPv6(w: ArrayLike<number>): ReservedLabel | null {
  const w0 = w[0]!;
  const w1 = w[1]!;
  const w2 = w[2]!;
  const w3 = w[3]!;
  if (w0 === 0 && w1 === 0) {
    if (w2 === 0) {
      if (w3 === 0) return "unspecified";
      if (w3 === 1) return "loopback";
    }
    if (w2 === 0xffff) return classifyIPv4(w3);
  }
  const top16 = w0 >>> 16;
  if ((top16 & 0xfe00) === 0xfc00) return "private"; // fc00::/7 unique local
  if ((top16 & 0xffc0) === 0xfe80) return "link-local"; // fe80::/10
  if ((top16 & 0xff00) === 0xff00) return "multicast"; // ff00::/8
  if (w0 === 0x20010db8) return "documentation"; // 2001:db8::/32
  if ((w0 & 0xfffff000) === 0x3fff0000) return "documentation"; // 3fff::/20 (RFC 9637)
  if (w0 === 0x20010002 && w1 >>> 16 === 0) return "benchmark"; // 2001:2::/48
  if (w0 === 0x01000000 && w1 === 0) return "reserved"; // 100::/64 discard-only
  return null;
}

/** Classify any textual address; returns undefined when the text is not an IP address. */
export function classifyReserved(ip: string): ReservedLabel | null | undefined {
  const v4 = parseIPv4(ip);
  if (v4 >= 0) return classifyIPv4(v4);
  const pct = ip.indexOf("%");
  const w = parseIPv6(pct >= 0 ? ip.slice(0, pct) : ip);
  if (!w) return undefined;
  return classifyIPv6(w);
}
