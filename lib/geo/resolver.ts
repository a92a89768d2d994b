/**
 * Offline IP enrichment: ISO country code + AS number/organisation, with
 * special-purpose ranges labelled instead of looked up.
 *
 * Data (all offline, nothing is downloaded):
 *  - country: `@ip-location-db/geo-whois-asn-country-mmdb` (CC0), read with the
 *    `maxmind` package. Replaceable by a GeoLite2-Country-shaped MMDB via
 *    `MAMORI_GEO_COUNTRY_MMDB` (or `countryMmdbPath`).
 *  - organisation: `@ip-location-db/asn` CSV (CC BY 4.0, see README.md), loaded
 *    into typed arrays by ./asn-table.ts. Replaceable by a GeoLite2-ASN-shaped
 *    MMDB via `MAMORI_GEO_ASN_MMDB` (or `maxmindAsnMmdbPath`).
 *
 * Everything is loaded lazily on the first lookup that needs it (country and
 * ASN separately), and results are memoised in a bounded cache keyed by the
 * address text, so the ingest hot path pays one Map lookup per event.
 */
import fs from "node:fs";
import path from "node:path";
import { Reader, type AsnResponse, type CountryResponse } from "maxmind";
import { AsnTable, type AsnHit } from "./asn-table";
import { parseIPv4, parseIPv6 } from "./ip";
import { classifyIPv4, classifyIPv6, type ReservedLabel } from "./reserved";

export interface GeoInfo {
  /** ISO 3166-1 alpha-2 code, e.g. "JP"; null when unknown or reserved */
  readonly country: string | null;
  /** AS organisation, e.g. "Google LLC"; null when unknown or reserved */
  readonly org: string | null;
  /** AS number, e.g. 15169 */
  readonly asn: number | null;
  /** label of a special-purpose range (never looked up), else null */
  readonly reserved: ReservedLabel | null;
}

export interface GeoResolverOptions {
  /** MMDB with `country_code` (ip-location-db) or `country.iso_code` (GeoLite2-Country). */
  countryMmdbPath?: string;
  /** ip-location-db ASN CSV: a directory (uses asn-ipv4-num.csv / asn-ipv6.csv, or asn-ipv4.csv / asn-ipv6-num.csv) or explicit file(s). */
  asnPath?: string | string[];
  /** GeoLite2-ASN-shaped MMDB (`autonomous_system_number`, `autonomous_system_organization`); replaces the CSV. */
  maxmindAsnMmdbPath?: string;
  /** max cached addresses (default 200,000; 0 disables the cache) */
  cacheSize?: number;
  /** environment consulted for MAMORI_GEO_COUNTRY_MMDB / MAMORI_GEO_ASN_MMDB (default process.env; pass {} to ignore) */
  env?: Record<string, string | undefined>;
}

export interface GeoSourceInfo {
  country: string;
  asn: string;
  countryLoaded: boolean;
  asnLoaded: boolean;
}

const EMPTY: GeoInfo = Object.freeze({ country: null, org: null, asn: null, reserved: null });
const RESERVED_INFO = new Map<ReservedLabel, GeoInfo>();
function reservedInfo(label: ReservedLabel): GeoInfo {
  let v = RESERVED_INFO.get(label);
  if (!v) {
    v = Object.freeze({ country: null, org: null, asn: null, reserved: label });
    RESERVED_INFO.set(label, v);
  }
  return v;
}

/**
 * Locate a file inside an installed package without relying on its "exports" map: walk up
 * from the working directory to the node_modules that holds it. (No require.resolve: the web
 * bundler would try to follow a dynamic require.)
 */
export function resolvePackageFile(pkg: string, file: string): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const p = path.join(dir, "node_modules", pkg, file);
    if (fs.existsSync(p)) return p;
    if (path.dirname(dir) === dir) break;
  }
  return path.join(process.cwd(), "node_modules", pkg, file);
}

function asnFilesFrom(spec: string | string[]): string[] {
  const list = Array.isArray(spec) ? spec : [spec];
  const out: string[] = [];
  for (const p of list) {
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) {
      const pick = (...names: string[]) => names.map((n) => path.join(p, n)).find((f) => fs.existsSync(f));
      const v4 = pick("asn-ipv4-num.csv", "asn-ipv4.csv");
      const v6 = pick("asn-ipv6.csv", "asn-ipv6-num.csv");
      if (v4) out.push(v4);
      if (v6) out.push(v6);
      if (!v4 && !v6) throw new Error(`geo: no asn-ipv4*.csv / asn-ipv6*.csv in ${p}`);
    } else {
      out.push(p);
    }
  }
  return out;
}

/** GeoLite2-Country records carry country.iso_code; ip-location-db's carry a flat country_code. */
type CountryRecord = CountryResponse & { country_code?: string };
type AsnRecord = AsnResponse;

/**
 * A memo cache bounded to `max` entries with O(1) operations: two generations
 * of Maps; when the young generation is full the old one is dropped. Entries
 * used in the last max/2 insertions survive (an LRU approximation without the
 * delete/re-insert cost of a strict LRU on every hit).
 */
class TwoGenCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly half: number) {}
  get(k: string): V | undefined {
    const v = this.young.get(k);
    if (v !== undefined) return v;
    const o = this.old.get(k);
    if (o !== undefined) this.set(k, o);
    return o;
  }
  set(k: string, v: V): void {
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(k, v);
  }
  get size(): number {
    return this.young.size + this.old.size;
  }
  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}

export class GeoResolver {
  private readonly countryPath: string;
  private readonly asnMmdbPath: string | null;
  private readonly asnCsvSpec: string | string[];
  private countryReader: Reader<CountryRecord> | null = null;
  private asnReader: Reader<AsnRecord> | null = null;
  private asnTable: AsnTable | null = null;
  private readonly cache: TwoGenCache<GeoInfo> | null;
  private readonly countryCache: TwoGenCache<string | null> | null;
  /** counters for diagnostics */
  readonly stats = { lookups: 0, cacheMisses: 0 };

  constructor(opts: GeoResolverOptions = {}) {
    const env = opts.env ?? process.env;
    this.countryPath =
      opts.countryMmdbPath ??
      (env.MAMORI_GEO_COUNTRY_MMDB || undefined) ??
      resolvePackageFile("@ip-location-db/geo-whois-asn-country-mmdb", "geo-whois-asn-country.mmdb");
    this.asnMmdbPath = opts.maxmindAsnMmdbPath ?? (env.MAMORI_GEO_ASN_MMDB || null);
    this.asnCsvSpec = opts.asnPath ?? path.dirname(resolvePackageFile("@ip-location-db/asn", "asn-ipv4-num.csv"));
    const size = opts.cacheSize ?? 200_000;
    this.cache = size > 0 ? new TwoGenCache<GeoInfo>(Math.max(1, size >> 1)) : null;
    this.countryCache = size > 0 ? new TwoGenCache<string | null>(Math.max(1, size >> 1)) : null;
  }

  /** Which data files are (or will be) used; for `soc` diagnostics and the README. */
  describe(): GeoSourceInfo {
    return {
      country: this.countryPath,
      asn: this.asnMmdbPath ?? (Array.isArray(this.asnCsvSpec) ? this.asnCsvSpec.join(",") : this.asnCsvSpec),
      countryLoaded: this.countryReader !== null,
      asnLoaded: this.asnReader !== null || this.asnTable !== null,
    };
  }

  /** Force loading of all data now (e.g. before a benchmark or at worker start). */
  preload(): this {
    this.getCountryReader();
    if (this.asnMmdbPath) this.getAsnReader();
    else this.getAsnTable();
    return this;
  }

  /** Load errors are remembered (and reported once) so a missing file does not cost a retry per lookup. */
  readonly loadErrors: string[] = [];
  private countryFailed = false;
  private asnFailed = false;

  private fail(what: string, err: unknown): void {
    const msg = `geo: cannot load ${what}: ${err instanceof Error ? err.message : String(err)}`;
    this.loadErrors.push(msg);
    console.warn(msg);
  }

  private getCountryReader(): Reader<CountryRecord> | null {
    if (!this.countryReader && !this.countryFailed) {
      try {
        this.countryReader = new Reader<CountryRecord>(fs.readFileSync(this.countryPath));
      } catch (err) {
        this.countryFailed = true;
        this.fail(`country database ${this.countryPath}`, err);
      }
    }
    return this.countryReader;
  }

  private getAsnReader(): Reader<AsnRecord> | null {
    if (!this.asnReader && !this.asnFailed) {
      try {
        this.asnReader = new Reader<AsnRecord>(fs.readFileSync(this.asnMmdbPath!));
      } catch (err) {
        this.asnFailed = true;
        this.fail(`ASN database ${this.asnMmdbPath}`, err);
      }
    }
    return this.asnReader;
  }

  private getAsnTable(): AsnTable | null {
    if (!this.asnTable && !this.asnFailed) {
      try {
        this.asnTable = AsnTable.load(asnFilesFrom(this.asnCsvSpec));
      } catch (err) {
        this.asnFailed = true;
        this.fail(`ASN data ${String(this.asnCsvSpec)}`, err);
      }
    }
    return this.asnTable;
  }

  private countryOf(ip: string): string | null {
    const reader = this.getCountryReader();
    if (!reader) return null;
    const rec = reader.get(ip);
    if (!rec) return null;
    const code = rec.country_code ?? rec.country?.iso_code ?? rec.registered_country?.iso_code;
    return code ? code.toUpperCase() : null;
  }

  private asnOf(ip: string, v4: number, v6: Uint32Array | null): AsnHit | null {
    if (this.asnMmdbPath) {
      const reader = this.getAsnReader();
      const rec = reader ? reader.get(ip) : null;
      if (!rec) return null;
      return { asn: rec.autonomous_system_number ?? 0, org: rec.autonomous_system_organization ?? "" };
    }
    const t = this.getAsnTable();
    if (!t) return null;
    return v4 >= 0 ? t.lookupV4(v4) : t.lookupV6(v6!);
  }

  /** Full lookup: country, AS organisation/number, reserved label. Never throws. */
  lookup(ip: string): GeoInfo {
    this.stats.lookups++;
    const cached = this.cache?.get(ip);
    if (cached !== undefined) return cached;
    this.stats.cacheMisses++;
    const info = this.compute(ip);
    this.cache?.set(ip, info);
    return info;
  }

  /** Country only (does not load the ASN data). */
  country(ip: string): string | null {
    const full = this.cache?.get(ip);
    if (full !== undefined) return full.country;
    const c = this.countryCache?.get(ip);
    if (c !== undefined) return c;
    const parsed = this.parse(ip);
    let out: string | null = null;
    if (parsed && !parsed.reserved) {
      try {
        out = this.countryOf(parsed.text);
      } catch {
        out = null;
      }
    }
    this.countryCache?.set(ip, out);
    return out;
  }

  private parse(ip: string): { text: string; v4: number; v6: Uint32Array | null; reserved: ReservedLabel | null } | null {
    let text = ip.trim();
    if (text.length > 2 && text.charCodeAt(0) === 91 /* [ */ && text.endsWith("]")) text = text.slice(1, -1);
    const v4 = parseIPv4(text);
    if (v4 >= 0) return { text, v4, v6: null, reserved: classifyIPv4(v4) };
    const pct = text.indexOf("%");
    if (pct >= 0) text = text.slice(0, pct);
    const v6 = parseIPv6(text);
    if (!v6) return null;
    // IPv4-mapped (::ffff:a.b.c.d): treat as the IPv4 address
    if (v6[0] === 0 && v6[1] === 0 && v6[2] === 0xffff) {
      const m = v6[3]!;
      return {
        text: `${m >>> 24}.${(m >>> 16) & 255}.${(m >>> 8) & 255}.${m & 255}`,
        v4: m,
        v6: null,
        reserved: classifyIPv4(m),
      };
    }
    return { text, v4: -1, v6, reserved: classifyIPv6(v6) };
  }

  private compute(ip: string): GeoInfo {
    const p = this.parse(ip);
    if (!p) return EMPTY;
    if (p.reserved) return reservedInfo(p.reserved);
    let country: string | null = null;
    let hit: AsnHit | null = null;
    try {
      country = this.countryOf(p.text);
    } catch {
      country = null;
    }
    try {
      hit = this.asnOf(p.text, p.v4, p.v6);
    } catch {
      hit = null;
    }
    return Object.freeze({
      country,
      org: hit && hit.org ? hit.org : null,
      asn: hit && hit.asn ? hit.asn : null,
      reserved: null,
    });
  }

  clearCache(): void {
    this.cache?.clear();
    this.countryCache?.clear();
  }
}

export function createGeoResolver(opts: GeoResolverOptions = {}): GeoResolver {
  return new GeoResolver(opts);
}
