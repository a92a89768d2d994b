/**
 * Small, allocation-light IP address parsers used by the geo resolver and the
 * demo log generator. No dependency on `node:net` so they stay cheap on the
 * ingest hot path (the log parser calls them once per distinct address).
 */

/** Parse a dotted-quad IPv4 address to an unsigned 32-bit integer, or -1 if invalid. */
export function parseIPv4(s: string): number {
  const n = s.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
      if (dots > 3) return -1;
    } else if (c >= 48 && c <= 57) {
      // reject leading zeros like "01" (ambiguous octal in some stacks)
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (part > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

/** Format an unsigned 32-bit integer as dotted-quad. */
export function formatIPv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * Parse an IPv6 address (RFC 4291 text forms, including `::` compression and an
 * embedded dotted-quad tail) into four big-endian 32-bit words.
 * Returns null when invalid. A zone id (`%eth0`) must be stripped by the caller.
 */
export function parseIPv6(s: string): Uint32Array | null {
  const n = s.length;
  if (n < 2 || n > 45) return null;
  const hextets = new Array<number>(8);
  let count = 0;
  let gap = -1; // index in hextets where "::" appeared
  let i = 0;
  if (s.charCodeAt(0) === 58 /* : */) {
    if (s.charCodeAt(1) !== 58) return null;
    gap = 0;
    i = 2;
    if (i === n) {
      return new Uint32Array(4);
    }
  }
  while (i < n) {
    // parse one group (hex) or an IPv4 tail
    let j = i;
    let v = 0;
    let isV4 = false;
    while (j < n) {
      const c = s.charCodeAt(j);
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else if (c === 46) {
        isV4 = true;
        break;
      } else break;
      v = v * 16 + d;
      j++;
    }
    if (isV4) {
      const v4 = parseIPv4(s.slice(i));
      if (v4 < 0 || count > 6) return null;
      hextets[count++] = (v4 >>> 16) & 0xffff;
      hextets[count++] = v4 & 0xffff;
      i = n;
      break;
    }
    const len = j - i;
    if (len === 0 || len > 4) return null;
    if (count >= 8) return null;
    hextets[count++] = v;
    i = j;
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) return null;
    i++;
    if (i < n && s.charCodeAt(i) === 58) {
      if (gap >= 0) return null;
      gap = count;
      i++;
      if (i === n) break;
    } else if (i === n) {
      return null; // trailing single colon
    }
  }
  const out = new Uint32Array(4);
  const full = new Array<number>(8).fill(0);
  if (gap >= 0) {
    if (count > 7) return null;
    for (let k = 0; k < gap; k++) full[k] = hextets[k]!;
    const tail = count - gap;
    for (let k = 0; k < tail; k++) full[8 - tail + k] = hextets[gap + k]!;
  } else {
    if (count !== 8) return null;
    for (let k = 0; k < 8; k++) full[k] = hextets[k]!;
  }
  for (let k = 0; k < 4; k++) out[k] = ((full[2 * k]! << 16) | full[2 * k + 1]!) >>> 0;
  return out;
}

/** Parse a CIDR such as `10.0.0.0/8` or `2001:db8::/32`. */
export type Cidr =
  | { family: 4; base: number; prefix: number; size: number; text: string }
  | { family: 6; words: Uint32Array; prefix: number; text: string };

export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf("/");
  const addr = slash < 0 ? text : text.slice(0, slash);
  const v4 = parseIPv4(addr);
  if (v4 >= 0) {
    const prefix = slash < 0 ? 32 : Number(text.slice(slash + 1));
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return null;
    const size = 2 ** (32 - prefix);
    const base = prefix === 0 ? 0 : (v4 - (v4 % size)) >>> 0;
    return { family: 4, base, prefix, size, text };
  }
  const w = parseIPv6(addr);
  if (!w) return null;
  const prefix = slash < 0 ? 128 : Number(text.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 128) return null;
  // mask off host bits
  for (let k = 0; k < 4; k++) {
    const bitsInWord = Math.max(0, Math.min(32, prefix - 32 * k));
    const mask = bitsInWord === 0 ? 0 : bitsInWord === 32 ? 0xffffffff : (0xffffffff << (32 - bitsInWord)) >>> 0;
    w[k] = (w[k]! & mask) >>> 0;
  }
  return { family: 6, words: w, prefix, text };
}

/** Format four 32-bit words as a (compressed) IPv6 address. */
export function formatIPv6(w: ArrayLike<number>): string {
  const h: number[] = [];
  for (let k = 0; k < 4; k++) {
    h.push((w[k]! >>> 16) & 0xffff, w[k]! & 0xffff);
  }
  // longest run of zeros (length >= 2) gets "::"
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (h[i] === 0) {
      let j = i;
      while (j < 8 && h[j] === 0) j++;
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    } else i++;
  }
  const hex = h.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(":");
  const left = hex.slice(0, bestStart).join(":");
  const right = hex.slice(bestStart + bestLen).join(":");
  return `${left}::${right}`;
}
