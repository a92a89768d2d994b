import { formatIPv6, parseCidr, parseIPv4, parseIPv6 } from "@/lib/geo/ip";

// Threat-intelligence entries as analysts paste them: plain text (one per line, `#` comments)
// or CSV (value[,source[,expires]] with or without a header). Defanged notation
// (`203.0.113[.]5`, `hxxp://bad[.]example/x`) is accepted and refanged.

export type ListKind = "ip" | "domain";

export interface ParsedEntry {
  value: string;
  source: string | null;
  expiresAt: Date | null;
}

export interface ParseResult {
  entries: ParsedEntry[];
  rejected: { line: number; text: string; reason: string }[];
}

const HEADER_VALUE = new Set(["value", "indicator", "ioc", "ip", "ip_address", "address", "domain", "host", "hostname", "url"]);
const HEADER_SOURCE = new Set(["source", "feed", "provider"]);
const HEADER_EXPIRES = new Set(["expires", "expires_at", "expiry", "expiration", "valid_until", "until"]);

/** Splits one CSV line (RFC 4180 quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += c;
    } else if (c === '"' && cur.trim() === "") {
      quoted = true;
      cur = "";
    } else if (c === ",") {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

function refang(s: string): string {
  return s
    .replace(/\[\.\]|\(\.\)|\{\.\}/g, ".")
    .replace(/^hxxp/i, "http")
    .trim();
}

/** Canonical form of an IP entry (address or IPv4 CIDR), or null. */
export function normaliseIp(text: string): string | null {
  const s = refang(text);
  if (s.includes("/")) {
    const c = parseCidr(s);
    if (!c || c.family !== 4) return null;
    return c.prefix === 32 ? formatV4(c.base) : `${formatV4(c.base)}/${c.prefix}`;
  }
  if (parseIPv4(s) >= 0) return s;
  const w = parseIPv6(s);
  return w ? formatIPv6(w) : null;
}

function formatV4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** Canonical form of a domain entry (lower case, no scheme, path, port or trailing dot), or null. */
export function normaliseDomain(text: string): string | null {
  let s = refang(text).toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  s = s.replace(/^\*\./, "");
  const end = s.search(/[/:?#\s]/);
  if (end >= 0) s = s.slice(0, end);
  s = s.replace(/\.$/, "");
  if (!s || s.length > 253 || !s.includes(".")) return null;
  if (parseIPv4(s) >= 0) return null;
  return s.split(".").every((l) => LABEL.test(l)) ? s : null;
}

/** "2022-01-31" (valid through that day, UTC) or an ISO date-time. */
export function parseExpiry(text: string): Date | null | "invalid" {
  const s = text.trim();
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) return "invalid";
    return new Date(d.getTime() + 86_400_000);
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) return "invalid";
  const d = new Date(s.replace(" ", "T"));
  return Number.isNaN(d.getTime()) ? "invalid" : d;
}

export function parseEntries(text: string, kind: ListKind): ParseResult {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const entries = new Map<string, ParsedEntry>();
  const rejected: ParseResult["rejected"] = [];
  let cols = { value: 0, source: 1, expires: 2 };
  const normalise = kind === "ip" ? normaliseIp : normaliseDomain;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith("//")) continue;
    const cells = line.includes(",") ? splitCsvLine(line) : [line];
    if (entries.size === 0 && rejected.length === 0 && cells.some((c) => HEADER_VALUE.has(c.toLowerCase()))) {
      const lower = cells.map((c) => c.toLowerCase());
      const find = (set: Set<string>) => lower.findIndex((c) => set.has(c));
      cols = { value: find(HEADER_VALUE), source: find(HEADER_SOURCE), expires: find(HEADER_EXPIRES) };
      continue;
    }
    const value = normalise(cells[cols.value] ?? "");
    if (!value) {
      rejected.push({ line: i + 1, text: raw.slice(0, 200), reason: kind === "ip" ? "not an IP address or IPv4 network" : "not a domain name" });
      continue;
    }
    const expires = cols.expires >= 0 ? parseExpiry(cells[cols.expires] ?? "") : null;
    if (expires === "invalid") {
      rejected.push({ line: i + 1, text: raw.slice(0, 200), reason: "expiry is not a date (YYYY-MM-DD or ISO date-time)" });
      continue;
    }
    const source = cols.source >= 0 ? (cells[cols.source] ?? "").slice(0, 200) || null : null;
    entries.set(value, { value, source, expiresAt: expires });
  }
  return { entries: [...entries.values()], rejected };
}
