/**
 * The demo PAN-OS log engine: a pull-based state machine that writes one month of
 * syslog lines for one device, in chronological order, straight into byte buffers
 * (`fill()`), or one line at a time (`next()`, slower, for tests).
 *
 * Speed: the hot path (firewall TRAFFIC and THREAT url, >99.9 % of lines) copies
 * 8–10 pre-encoded byte pieces per line with TypedArray#set: a per-second prefix
 * (syslog header + fields 0..6), endpoint pieces ("dst,natsrc,natdst,", location),
 * per-class pool slots holding pre-joined field runs (fields 11..38 with the two
 * timestamps patched in place), an 18-digit sequence number incremented in place,
 * and the per-second high-resolution timestamp. Per-piece overhead, not bytes, is
 * what costs, hence the pre-joining. Every run is produced from a full field array
 * by `run()`, so field positions are defined once, in `trafficFields()` /
 * `threatFields()`, and verified by the tests. Rare lines (threats, notable events,
 * malformed) are built as strings by the array-join builders.
 */
import { lookupCountry } from "../../geo";
import { classifyIPv4 } from "../../geo/reserved";
import { formatIPv4, formatIPv6, parseCidr, type Cidr } from "../../geo/ip";
import {
  BASE_VOLUME,
  BLOCKED_SHARE,
  CONTENT_TYPES,
  DEFAULT_NAT_ADDRESS,
  DNS_RESOLVERS,
  GCM_SERVERS,
  HOSTS,
  IPV6_DESTINATIONS,
  JP_TOP_DESTINATIONS,
  MAIL_SENDERS,
  MALFORMED_KINDS,
  MISC_ALLOWED_PORTS,
  MISC_BLOCKED_PORTS,
  NTP_SERVERS,
  ORG_IPS,
  SCAN_FAVOURITE_PORTS,
  SPYWARE_SIGS,
  START_LOG_RATIO,
  TAIL_PREFIXES,
  TEREDO_SERVERS,
  URL_CATEGORIES,
  USER_AGENTS,
  VIRUS_SIGS,
  VULNERABILITY_SIGS,
  WEB_APPS,
  WILDFIRE_FILES,
  type OrgTag,
  type Severity,
  type ThreatSig,
} from "./catalog";
import { Rng, apportion, buildUrn, hash32 } from "./prng";
import { HOURLY_OFFDAY, HOURLY_WORKDAY, dailyVolumeShape, type DayShape } from "./shape";
import { assertTimeZone, formatOffset, hmsTable, localDateStrings, localToEpoch, parseMonth, tzOffsetSeconds, type LocalDateStrings } from "./time";

export interface GenerateMonthOptions {
  /** "YYYY-MM" */
  month: string;
  /** 1 ≈ the sample month (≈ 44.9 M lines); 0.01 ≈ 450 k */
  scale: number;
  /** firewall serial number (field 2) */
  serial: string;
  /** firewall device name (TRAFFIC field 52 / THREAT 59) and syslog HOSTNAME */
  deviceName: string;
  /** IANA zone of the device clock, e.g. "Asia/Tokyo" */
  timeZone: string;
  /** customer networks; default ["192.0.2.0/24", "10.0.0.0/8"]; an IPv6 prefix enables some IPv6 traffic */
  internalNetworks?: string[];
  /** PRNG seed (default 1); same options + seed => byte-identical output */
  seed?: number;
  /** one malformed line after every N lines (default min(2,000,000, planned/8) so small months get a few) */
  malformedEvery?: number;
  /** syslog HOSTNAME in the BSD header (default deviceName) */
  syslogHost?: string;
  /** source-NAT address of outbound traffic (default 198.51.100.2, documentation space) */
  natAddress?: string;
}

export const FUNCTIONS = ["firewall", "url", "vulnerability", "spyware", "virus", "wildfire"] as const;
export type ReportFunction = (typeof FUNCTIONS)[number];
/** firewall … wildfire = 0 … 5, then TRAFFIC start logs (not sessions) */
const F_START = 6;
const NF = 7;

export interface GeneratedStats {
  /** lines written, including malformed ones */
  lines: number;
  malformed: number;
  /** TRAFFIC start logs (not counted as firewall sessions) */
  trafficStart: number;
  /** records per report function and how many of them were blocked (repeat count is always 1 except where noted in `repeatedEvents`) */
  functions: Record<ReportFunction, { total: number; blocked: number }>;
  /** sum over the six functions, like the report's "total logs" */
  totalLogs: number;
  /** extra events folded into vulnerability records with repeat count > 1 */
  repeatedEvents: number;
}

export interface DayPlan {
  date: string;
  weight: number;
  offDay: boolean;
  /** records per function for this day (random background + fixed notable / boundary events) */
  counts: Record<ReportFunction | "trafficStart", number>;
}

export interface MonthPlan {
  month: string;
  timeZone: string;
  days: DayPlan[];
  totals: Record<ReportFunction | "trafficStart", number>;
  /** lines excluding malformed ones */
  plannedLines: number;
  malformedEvery: number;
}

// ---------------------------------------------------------------- field layout

const TRAFFIC_FIELDS = 105; // PAN-OS 10.0 TRAFFIC (0..104)
const THREAT_FIELDS = 111; // PAN-OS 10.0 THREAT (0..110)

/** Join fields[from..to], each followed by a comma. */
function run(f: readonly string[], from: number, to: number): string {
  return `${f.slice(from, to + 1).join(",")},`;
}

/** CSV-quote a value the way PAN-OS does for "misc"-like fields (always quoted). */
function q(v: string): string {
  return `"${v.replace(/"/g, '""')}"`;
}

interface TrafficValues {
  subtype: string;
  src: string;
  dst: string;
  natSrc: string;
  natDst: string;
  rule: string;
  app: string;
  fromZone: string;
  toZone: string;
  inIf: string;
  outIf: string;
  sessionId: string;
  repeat: string;
  sport: string;
  dport: string;
  natSport: string;
  natDport: string;
  flags: string;
  proto: string;
  action: string;
  bytes: string;
  sent: string;
  recv: string;
  packets: string;
  startTime: string;
  elapsed: string;
  category: string;
  seq: string;
  srcLoc: string;
  dstLoc: string;
  pktsSent: string;
  pktsRecv: string;
  endReason: string;
  ruleUuid: string;
}

/** Full TRAFFIC field array (without the syslog header); fields 1 and 6 / 21 / 102 use the given time strings. */
function trafficFields(v: TrafficValues, t: TimeStrings, ctx: DeviceCtx): string[] {
  const f = new Array<string>(TRAFFIC_FIELDS).fill("");
  f[0] = "1";
  f[1] = t.T;
  f[2] = ctx.serial;
  f[3] = "TRAFFIC";
  f[4] = v.subtype;
  f[5] = "2561";
  f[6] = t.T;
  f[7] = v.src;
  f[8] = v.dst;
  f[9] = v.natSrc;
  f[10] = v.natDst;
  f[11] = v.rule;
  f[14] = v.app;
  f[15] = "vsys1";
  f[16] = v.fromZone;
  f[17] = v.toZone;
  f[18] = v.inIf;
  f[19] = v.outIf;
  f[20] = "Mamori-LogFwd";
  f[21] = t.T;
  f[22] = v.sessionId;
  f[23] = v.repeat;
  f[24] = v.sport;
  f[25] = v.dport;
  f[26] = v.natSport;
  f[27] = v.natDport;
  f[28] = v.flags;
  f[29] = v.proto;
  f[30] = v.action;
  f[31] = v.bytes;
  f[32] = v.sent;
  f[33] = v.recv;
  f[34] = v.packets;
  f[35] = v.startTime;
  f[36] = v.elapsed;
  f[37] = v.category;
  f[38] = "0";
  f[39] = v.seq;
  f[40] = "0x0";
  f[41] = v.srcLoc;
  f[42] = v.dstLoc;
  f[43] = "0";
  f[44] = v.pktsSent;
  f[45] = v.pktsRecv;
  f[46] = v.endReason;
  f[47] = "0";
  f[48] = "0";
  f[49] = "0";
  f[50] = "0";
  f[52] = ctx.deviceName;
  f[53] = "from-policy";
  f[56] = "0";
  f[58] = "0";
  f[60] = "N/A";
  f[61] = "0";
  f[62] = "0";
  f[63] = "0";
  f[64] = "0";
  f[65] = v.ruleUuid;
  f[66] = "0";
  f[67] = "0";
  f[69] = "0";
  f[102] = t.hires;
  return f;
}

interface ThreatValues {
  subtype: string;
  src: string;
  dst: string;
  natSrc: string;
  natDst: string;
  rule: string;
  app: string;
  fromZone: string;
  toZone: string;
  inIf: string;
  outIf: string;
  sessionId: string;
  repeat: string;
  sport: string;
  dport: string;
  natSport: string;
  natDport: string;
  flags: string;
  proto: string;
  action: string;
  /** raw (unquoted) URL / file name */
  misc: string;
  threat: string;
  category: string;
  severity: string;
  direction: string;
  seq: string;
  srcLoc: string;
  dstLoc: string;
  contentType: string;
  digest: string;
  cloud: string;
  urlIndex: string;
  userAgent: string;
  fileType: string;
  referer: string;
  sender: string;
  subject: string;
  recipient: string;
  reportId: string;
  method: string;
  threatCategory: string;
  contentVersion: string;
  urlCategoryList: string;
  ruleUuid: string;
}

/** Full THREAT field array (without the syslog header). */
function threatFields(v: ThreatValues, t: TimeStrings, ctx: DeviceCtx): string[] {
  const f = new Array<string>(THREAT_FIELDS).fill("");
  f[0] = "1";
  f[1] = t.T;
  f[2] = ctx.serial;
  f[3] = "THREAT";
  f[4] = v.subtype;
  f[5] = "2561";
  f[6] = t.T;
  f[7] = v.src;
  f[8] = v.dst;
  f[9] = v.natSrc;
  f[10] = v.natDst;
  f[11] = v.rule;
  f[14] = v.app;
  f[15] = "vsys1";
  f[16] = v.fromZone;
  f[17] = v.toZone;
  f[18] = v.inIf;
  f[19] = v.outIf;
  f[20] = "Mamori-LogFwd";
  f[21] = t.T;
  f[22] = v.sessionId;
  f[23] = v.repeat;
  f[24] = v.sport;
  f[25] = v.dport;
  f[26] = v.natSport;
  f[27] = v.natDport;
  f[28] = v.flags;
  f[29] = v.proto;
  f[30] = v.action;
  f[31] = q(v.misc);
  f[32] = v.threat;
  f[33] = v.category;
  f[34] = v.severity;
  f[35] = v.direction;
  f[36] = v.seq;
  f[37] = "0x0";
  f[38] = v.srcLoc;
  f[39] = v.dstLoc;
  f[41] = v.contentType;
  f[42] = "0";
  f[43] = v.digest;
  f[44] = v.cloud;
  f[45] = v.urlIndex;
  f[46] = v.userAgent ? q(v.userAgent) : "";
  f[47] = v.fileType;
  f[49] = v.referer;
  f[50] = v.sender;
  f[51] = v.subject ? q(v.subject) : "";
  f[52] = v.recipient;
  f[53] = v.reportId;
  f[54] = "0";
  f[55] = "0";
  f[56] = "0";
  f[57] = "0";
  f[59] = ctx.deviceName;
  f[63] = v.method;
  f[64] = "0";
  f[66] = "0";
  f[68] = "N/A";
  f[69] = v.threatCategory;
  f[70] = v.contentVersion;
  f[71] = "0";
  f[72] = "0";
  f[73] = "0";
  f[75] = v.urlCategoryList ? q(v.urlCategoryList) : "";
  f[76] = v.ruleUuid;
  f[77] = "0";
  f[106] = "0";
  f[107] = t.hires;
  return f;
}

interface DeviceCtx {
  serial: string;
  deviceName: string;
  host: string;
}

interface TimeStrings {
  /** "2021/12/01 00:00:03" */
  T: string;
  /** "2021-12-01T00:00:03.123+09:00" */
  hires: string;
}

// ---------------------------------------------------------------- bytes

/** Encode an output piece (UTF-8; pieces are ASCII in practice). */
function enc(s: string): Uint8Array {
  return Buffer.from(s, "utf8");
}

/** Two-digit ASCII codes 00..99 (tens, units). */
const D10 = new Uint8Array(100);
const D01 = new Uint8Array(100);
for (let i = 0; i < 100; i++) {
  D10[i] = 48 + Math.floor(i / 10);
  D01[i] = 48 + (i % 10);
}


// ---------------------------------------------------------------- endpoints

interface Endpoint {
  ip: string;
  /** location (PAN: country name, or the matched private range) */
  loc: string;
  /** ip + "," */
  c: Uint8Array;
  /** as destination with source NAT: "ip,natAddress,ip," (fields 8..10) */
  cNat: Uint8Array;
  /** as destination without NAT: "ip,0.0.0.0,0.0.0.0," (fields 8..10) */
  cNo: Uint8Array;
  /** ",0x0," + loc + ","  (action flags, source location) */
  locX: Uint8Array;
  /** loc + "," */
  locC: Uint8Array;
  /** location not looked up yet (public addresses are resolved on first use) */
  pending: boolean;
  /** pre-joined pieces for lines whose source is the heavy top source (built lazily) */
  hNat?: Uint8Array;
  hNo?: Uint8Array;
  hLoc?: Uint8Array;
}

function endpoint(ip: string, loc: string, nat: string): Endpoint {
  return { ip, loc, c: enc(`${ip},`), cNat: enc(`${ip},${nat},${ip},`), cNo: enc(`${ip},0.0.0.0,0.0.0.0,`), locX: enc(`,0x0,${loc},`), locC: enc(`${loc},`), pending: false };
}

const EMPTY_LOCX = enc(",0x0,,");
const EMPTY_LOCC = enc(",");

/** A public address whose location (country name) is looked up lazily. */
function lazyEndpoint(ip: string, nat: string): Endpoint {
  return { ip, loc: "", c: enc(`${ip},`), cNat: enc(`${ip},${nat},${ip},`), cNo: enc(`${ip},0.0.0.0,0.0.0.0,`), locX: EMPTY_LOCX, locC: EMPTY_LOCC, pending: true };
}

function resolveEndpoint(e: Endpoint): Endpoint {
  if (e.pending) {
    const loc = countryName(safeCountry(e.ip));
    e.loc = loc;
    e.locX = enc(`,0x0,${loc},`);
    e.locC = enc(`${loc},`);
    e.pending = false;
  }
  return e;
}

interface Sampler {
  list: Endpoint[];
  urn: Uint16Array | Uint32Array;
}

function sampler(list: Endpoint[], weights: number[]): Sampler {
  if (list.length !== weights.length) throw new Error("sampler: length mismatch");
  return { list, urn: buildUrn(weights) };
}

/** Concatenate weighted samplers into one with the given mixture weights. */
function mix(parts: Array<[Sampler | Endpoint, number]>): Sampler {
  const list: Endpoint[] = [];
  const weights: number[] = [];
  for (const [p, w] of parts) {
    if (w <= 0) continue;
    if ("urn" in p) {
      // recover per-item weights from the urn
      const counts = new Int32Array(p.list.length);
      for (let i = 0; i < p.urn.length; i++) counts[p.urn[i]!]++;
      const total = p.urn.length;
      for (let idx = 0; idx < counts.length; idx++) {
        if (counts[idx] === 0) continue;
        list.push(p.list[idx]!);
        weights.push((w * counts[idx]!) / total);
      }
    } else {
      list.push(p);
      weights.push(w);
    }
  }
  return sampler(list, weights);
}

let regionNames: Intl.DisplayNames | null = null;
const countryNames = new Map<string, string>();
/** PAN-OS shows country names ("Japan", "United States") in the location fields; kept ASCII and comma-free. */
function countryName(code: string | null): string {
  if (!code) return "";
  let n = countryNames.get(code);
  if (n === undefined) {
    try {
      regionNames ??= new Intl.DisplayNames(["en"], { type: "region" });
      n = regionNames.of(code) ?? code;
    } catch {
      n = code;
    }
    n = n
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[^\x20-\x7e]|,/g, "");
    countryNames.set(code, n);
  }
  return n;
}

// ---------------------------------------------------------------- classes

const PORT_POOL = 256;
const STAT_POOL = 256;

interface Stats {
  sent: number;
  recv: number;
  pktsSent: number;
  pktsRecv: number;
  elapsed: number;
  endReason: string;
  category: string;
}

interface FlowSpec {
  name: string;
  share: number;
  subtype: "end" | "deny" | "drop" | "start";
  action: string;
  blocked: boolean;
  rule: string;
  inbound?: boolean;
  internal?: boolean;
  nat: boolean;
  src: Sampler;
  dst: Sampler;
  /**
   * Destination port, protocol and App-ID of one pool slot. `u` is the slot's stratified
   * quantile in (0, 1), so slot proportions follow the weights exactly; `r` is for the
   * values that are random anyway (e.g. a scanned port).
   */
  service: (r: Rng, u: number) => { port: number; proto: string; app: string };
  stats: (r: Rng, proto: string) => Stats;
}

/** A compiled TRAFFIC flow class (fast path); pieces are pre-encoded field runs. */
interface TClass {
  spec: FlowSpec;
  variant: number;
  src: Sampler;
  dst: Sampler;
  nat: boolean;
  /**
   * Per port slot, fields 11..38 in one buffer:
   * "rule,,,app,vsys1,zones,ifs,logfwd,T,sid,1,sport,dport,natsport,natdport,flags,proto,action,bytes,sent,recv,packets,START,elapsed,category,0,"
   * where T (field 21) and START (35) are patched in place before each copy.
   */
  slots: Uint8Array[];
  /** offset of T / START inside each slot buffer */
  tAt: Int32Array;
  startAt: Int32Array;
  /** elapsed seconds per stats slot (start time = now - elapsed) */
  sEl: Int32Array;
  /** fields 43..101 per stats slot */
  sC: Uint8Array[];
}

interface UrlEntry {
  dst: Endpoint;
  /** fields 11..35 with T (field 21) patched in place at tAt */
  mid: Uint8Array;
  tAt: number;
  /** fields 40..106 */
  b: Uint8Array;
}

const VARIANTS = [
  "TRAFFIC,end,2561,",
  "TRAFFIC,deny,2561,",
  "TRAFFIC,drop,2561,",
  "TRAFFIC,start,2561,",
  "THREAT,url,2561,",
] as const;
const V_URL = 4;
function variantOf(subtype: FlowSpec["subtype"]): number {
  return subtype === "end" ? 0 : subtype === "deny" ? 1 : subtype === "drop" ? 2 : 3;
}

interface Seg {
  s: number;
  len: number;
  counts: Int32Array;
  off: number;
}

interface Scheduled {
  t: number;
  fn: number;
  blocked: boolean;
  build: () => string;
}

const ZONES = {
  trust: "trust",
  untrust: "untrust",
  inIf: "ethernet1/2",
  outIf: "ethernet1/1",
  mgmtIf: "ethernet1/3",
};

const MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Per-variant syslog+CSV prefix with the time digits patched in place every second. */
interface Prefix {
  bytes: Uint8Array;
  /** offset of "Mmm dd HH:MM:SS" (15 bytes) */
  bsdAt: number;
  /** offsets of the two "YYYY/MM/DD HH:MM:SS" (19 bytes) */
  t1At: number;
  t2At: number;
  tag: number;
}

/** Mean number of consecutive lines sharing a time slot (one second). */
const BURST = 4;

/** Bytes the output buffer must have free beyond `limit` for the longest line. */
export const LINE_SLACK = 64 * 1024;

// ---------------------------------------------------------------- the engine

export class MonthEngine {
  readonly opts: Required<Omit<GenerateMonthOptions, "syslogHost" | "natAddress">> & { syslogHost: string; natAddress: string };
  readonly plan: MonthPlan;
  private readonly rng: Rng;
  private readonly ctx: DeviceCtx;
  private readonly shape: DayShape[];
  private readonly dayStart: number[];

  // ---- time state (bytes for the fast path, strings for the slow path)
  private cur = Number.NaN;
  private secTag = 0;
  private offset = 0;
  private offsetStr = "+00:00";
  private dayNum = Number.NaN;
  private ds: LocalDateStrings = { slash: "", iso: "", bsd: "" };
  private dsSlash: Uint8Array = new Uint8Array(10);
  private dsIso: Uint8Array = new Uint8Array(10);
  private dsBsd: Uint8Array = new Uint8Array(6);
  private readonly hms = hmsTable();
  private hh = 0;
  private mi = 0;
  private ss = 0;
  /** "YYYY/MM/DD HH:MM:SS," */
  private readonly tc = new Uint8Array(20);
  private readonly tc19 = this.tc.subarray(0, 19);
  /** "Mmm dd HH:MM:SS" */
  private readonly bsd = new Uint8Array(15);
  /** "YYYY-MM-DDTHH:MM:SS." + ms + offset + ",,\n" (TRAFFIC: fields 102..104), ms patched per line */
  private isoT: Uint8Array = enc("0000-00-00T00:00:00.000+00:00,,\n");
  /** the same for THREAT (fields 107..110) */
  private isoThr: Uint8Array = enc("0000-00-00T00:00:00.000+00:00,,,\n");
  /** second (secTag) for which isoT / isoThr / bsd were last patched */
  private isoTTag = -1;
  private isoThrTag = -1;
  private bsdTag = -1;
  private readonly prefixes: Prefix[] = [];
  private readonly ringT = new Float64Array(8192).fill(-1);
  private readonly ringO = new Float64Array(8192);
  private readonly ringB = new Uint8Array(8192 * 20);
  private readonly ringV: Uint8Array[] = Array.from({ length: 8192 }, (_, i) => this.ringB.subarray(i * 20, i * 20 + 19));
  // string forms, rebuilt lazily for the slow path
  private strTag = -1;
  private T = "";
  private hdr = "";
  /** "<14>Dec  1 00:00:03 host " */
  private sysHdr = "";
  private hiresPre = "";

  // ---- sequence number: 18 ASCII digits incremented in place
  private readonly seqB = new Uint8Array(18);

  // ---- classes
  private readonly fw: TClass[] = [];
  private readonly fwUrn: Uint16Array | Uint32Array;
  private readonly startClass: TClass;
  private readonly urlEntries: UrlEntry[];
  private readonly urlSrc: Sampler;
  private readonly urlMask: number;

  // ---- endpoints used by the slow path
  private readonly clientSampler: Sampler;
  private readonly proxyMix: Sampler;
  private readonly scanners: Sampler;
  private readonly webDst: Sampler;
  private readonly resolvers: Sampler;
  private readonly natAddress: string;
  private readonly ruleUuids = new Map<string, string>();
  private readonly internalHost: (offset: number) => Endpoint;
  private readonly publicCache = new Map<string, Endpoint>();
  private readonly publicEp: (ip: string) => Endpoint;
  /** the heavy top source (web proxy); lines from it use pre-joined pieces */
  private heavy: Endpoint | null = null;

  // ---- iteration state
  private day = 0; // index into shape
  private segs: Seg[] = [];
  private segIdx = 0;
  private segRemain = new Int32Array(NF);
  private segN = 0;
  private segI = 0;
  private segLeft = 0;
  private curT = -1; // time of the pending random line, -1 = none
  /** lines are grouped into bursts of ~BURST sharing a time slot (firewalls log in bursts) */
  private segSlots = 1;
  private slotIdx = -1;
  private slotT = 0;
  private sched: Scheduled[] = [];
  private schedIdx = 0;
  private done = false;
  private started = false;
  private readonly scratch = Buffer.allocUnsafe(LINE_SLACK * 2);

  // ---- malformed
  private readonly malformedEvery: number;
  private sinceMalformed = 0;
  private malformedKind = 0;

  // ---- stats
  private readonly fnCount = new Float64Array(NF);
  private readonly fnBlocked = new Float64Array(NF);
  private readonly classCount: Float64Array;
  private linesOut = 0;
  private malformedOut = 0;
  private repeated = 0;

  constructor(options: GenerateMonthOptions) {
    const seed = options.seed ?? 1;
    if (!(options.scale >= 0) || !Number.isFinite(options.scale)) throw new Error("scale must be a finite number >= 0");
    assertTimeZone(options.timeZone);
    parseMonth(options.month);
    this.opts = {
      month: options.month,
      scale: options.scale,
      serial: options.serial,
      deviceName: options.deviceName,
      timeZone: options.timeZone,
      internalNetworks: options.internalNetworks?.length ? options.internalNetworks : ["192.0.2.0/24", "10.0.0.0/8"],
      seed,
      malformedEvery: options.malformedEvery ?? 0,
      syslogHost: options.syslogHost ?? options.deviceName,
      natAddress: options.natAddress ?? DEFAULT_NAT_ADDRESS,
    };
    if (/[,\s"]/.test(this.opts.serial) || /[,"\n]/.test(this.opts.deviceName) || /[\s]/.test(this.opts.syslogHost)) {
      throw new Error("serial must not contain commas, quotes or spaces; deviceName no commas/quotes; syslogHost no spaces");
    }
    this.ctx = { serial: this.opts.serial, deviceName: this.opts.deviceName, host: this.opts.syslogHost };
    this.rng = new Rng(hash32(`lines:${seed}:${this.opts.month}`));
    const build = new Rng(hash32(`pools:${seed}`));
    this.natAddress = this.opts.natAddress;

    // sequence numbers are 18 digits (> 2^53): keep them as strings downstream
    this.seqB.set(enc(`${7_039_362_519_200 + build.int(1_000_000)}00000`));

    // per-variant prefixes: "<14>Mmm dd HH:MM:SS host 1,T,serial,TYPE,subtype,2561,T,"
    const T0 = "0000/00/00 00:00:00";
    for (const v of VARIANTS) {
      const head = `<14>`;
      const mid = ` ${this.ctx.host} 1,`;
      const s = `${head}${"Jan 00 00:00:00"}${mid}${T0},${this.ctx.serial},${v}${T0},`;
      const bsdAt = Buffer.byteLength(head);
      const t1At = bsdAt + 15 + Buffer.byteLength(mid);
      const t2At = t1At + 19 + 1 + Buffer.byteLength(this.ctx.serial) + 1 + Buffer.byteLength(v);
      this.prefixes.push({ bytes: enc(s), bsdAt, t1At, t2At, tag: -1 });
    }
    this.tc[19] = 44;
    this.publicEp = (ip: string) => {
      let e = this.publicCache.get(ip);
      if (!e) {
        e = endpoint(ip, countryName(safeCountry(ip)), this.opts.natAddress);
        this.publicCache.set(ip, e);
      }
      return e;
    };

    // ---- networks and endpoints
    const nets = this.opts.internalNetworks.map((n) => {
      const c = parseCidr(n.trim());
      if (!c) throw new Error(`bad internal network ${n}`);
      return c;
    });
    const v4nets = nets.filter((n): n is Extract<Cidr, { family: 4 }> => n.family === 4);
    const v6nets = nets.filter((n): n is Extract<Cidr, { family: 6 }> => n.family === 6);
    if (v4nets.length === 0) throw new Error("internalNetworks needs at least one IPv4 network");
    const net0 = v4nets[0]!;
    const locOf = (c: Extract<Cidr, { family: 4 }>) => `${formatIPv4(c.base)}-${formatIPv4((c.base + c.size - 1) >>> 0)}`;
    const hostIn = (c: Extract<Cidr, { family: 4 }>, offset: number) => {
      const usable = c.size >= 4 ? c.size - 2 : c.size;
      const off = c.size >= 4 ? 1 + ((offset - 1 + usable * 8) % usable) : offset % c.size;
      return endpoint(formatIPv4((c.base + off) >>> 0), locOf(c), this.natAddress);
    };
    const hostCache = new Map<number, Endpoint>();
    this.internalHost = (offset: number) => {
      let e = hostCache.get(offset);
      if (!e) {
        e = hostIn(net0, offset);
        hostCache.set(offset, e);
      }
      return e;
    };
    const H = this.internalHost;
    const randomInternal = (c: Extract<Cidr, { family: 4 }>) => hostIn(c, 1 + build.int(Math.max(1, c.size - 2)));

    const publicEp = this.publicEp;
    const weighted = (pairs: Array<[string, number]>) => sampler(pairs.map(([ip]) => publicEp(ip)), pairs.map(([, w]) => w));
    const uniform = (ips: string[]) => sampler(ips.map(publicEp), ips.map(() => 1));

    // clients: the sample's top sources 3..10 plus a long tail of other hosts
    const topClientWeights = [0.01907, 0.01046, 0.01032, 0.009, 0.009, 0.00825, 0.00796, 0.00754];
    const clientList = HOSTS.topClients.map((o) => H(o));
    const clientW = [...topClientWeights];
    const seen = new Set(clientList.map((e) => e.ip));
    for (let i = 0; i < 320; i++) {
      const net = v4nets[i % v4nets.length]!;
      const e = randomInternal(net);
      if (seen.has(e.ip) || e.ip === H(HOSTS.proxy).ip || e.ip === H(HOSTS.dnsForwarder).ip) continue;
      seen.add(e.ip);
      clientList.push(e);
      clientW.push(0.0055 / 320);
    }
    this.clientSampler = sampler(clientList, clientW);
    const proxy = H(HOSTS.proxy);
    this.heavy = proxy;
    const dnsFwd = H(HOSTS.dnsForwarder);
    this.proxyMix = mix([
      [proxy, 0.988],
      [this.clientSampler, 0.012],
    ]);
    const devNet = v4nets[v4nets.length - 1]!;
    const devices: Endpoint[] = [];
    for (let i = 0; i < 48; i++) devices.push(randomInternal(devNet));
    const deviceSampler = sampler(devices, devices.map((_, i) => 1 / (i + 3)));

    // public destinations
    const jpTop = weighted(JP_TOP_DESTINATIONS);
    const tailPrefixes = TAIL_PREFIXES.map(([c, w]) => [parseCidr(c) as Extract<Cidr, { family: 4 }>, w] as const);
    const tailW = apportion(6000, tailPrefixes.map(([, w]) => w));
    const tailList: Endpoint[] = [];
    tailPrefixes.forEach(([c, ], pi) => {
      for (let k = 0; k < tailW[pi]!; k++) tailList.push(publicEp(formatIPv4((c.base + 1 + build.int(c.size - 2)) >>> 0)));
    });
    const tail = sampler(tailList, tailList.map((_, i) => 1 / Math.pow(i + 10, 0.8)));
    const jpTailList = tailList.filter((e) => e.loc === "Japan");
    const jpTail = sampler(jpTailList.length ? jpTailList : tailList.slice(0, 10), (jpTailList.length ? jpTailList : tailList.slice(0, 10)).map(() => 1));
    const orgIps: string[] = [];
    for (const tag of Object.keys(ORG_IPS) as OrgTag[]) orgIps.push(...ORG_IPS[tag]);
    // seeded shuffle so that the order of popularity differs per seed
    for (let i = orgIps.length - 1; i > 0; i--) {
      const j = build.int(i + 1);
      [orgIps[i], orgIps[j]] = [orgIps[j]!, orgIps[i]!];
    }
    const popular = sampler(orgIps.map(publicEp), orgIps.map((_, i) => Math.pow(0.93, i)));
    this.webDst = mix([
      [jpTop, 0.06],
      [popular, 0.4],
      [tail, 0.54],
    ]);
    this.resolvers = weighted(DNS_RESOLVERS);
    const ntp = weighted(NTP_SERVERS);
    const gcm = uniform(GCM_SERVERS);
    const teredo = uniform(TEREDO_SERVERS);
    const pingTargets = uniform(["8.8.8.8", "1.1.1.1", "8.8.4.4", "133.243.238.163"]);

    // internet hosts: scanners (Zipf) and NTP clients
    const scanList: Endpoint[] = [];
    while (scanList.length < 20000) {
      const n = (build.u32() % 0xdf000000) + 0x01000000; // 1.0.0.0 .. 223.255.255.255
      if (classifyIPv4(n) !== null) continue;
      scanList.push(lazyEndpoint(formatIPv4(n), this.natAddress));
    }
    this.scanners = sampler(scanList, scanList.map((_, i) => 1 / (i + 5)));
    const ntpClients = sampler(scanList.slice(5000, 5400), scanList.slice(5000, 5400).map(() => 1));
    const sshServer = H(HOSTS.sshServer);
    const webServer = H(HOSTS.webServer);

    // ---- firewall flow classes (shares of firewall records; blocked ≈ 36.6 %)
    const S = statsFns();
    const q16 = (u: number) => Math.min(65535, Math.floor(u * 65536));
    const fixedSvc = (port: number, proto: string, app: string | Array<[string, number]>) => {
      if (typeof app === "string") return () => ({ port, proto, app });
      const apps = app.map(([a]) => a);
      const urn = buildUrn(app.map(([, w]) => w));
      return (_r: Rng, u: number) => ({ port, proto, app: apps[urn[q16(u)]!]! });
    };
    const tableSvc = (rows: Array<[number, "tcp" | "udp", string, number]>, randomShare: number, randomApp: string) => {
      const urn = buildUrn(rows.map((x) => x[3]));
      return (r: Rng, u: number) => {
        if (u < randomShare) {
          const proto = r.float() < 0.6 ? "tcp" : "udp";
          return { port: r.range(1024, 65535), proto, app: randomApp === "unknown" ? `unknown-${proto}` : randomApp };
        }
        const row = rows[urn[q16((u - randomShare) / (1 - randomShare))]!]!;
        return { port: row[0], proto: row[1], app: row[2] };
      };
    };
    const v6share = v6nets.length ? 0.03 : 0;
    const out = { fromZone: ZONES.trust, toZone: ZONES.untrust };
    const specs: FlowSpec[] = [
      { name: "web443-allow", share: 0.46355 - v6share, subtype: "end", action: "allow", blocked: false, rule: "Allow-Web-Outbound", nat: true, src: this.proxyMix, dst: this.webDst, service: fixedSvc(443, "tcp", WEB_APPS), stats: S.web },
      { name: "web443-deny-na", share: 0.251, subtype: "deny", action: "deny", blocked: true, rule: "Deny-Unapproved-Destinations", nat: false, src: sampler([proxy], [1]), dst: mix([[jpTop, 0.9], [jpTail, 0.1]]), service: fixedSvc(443, "tcp", "not-applicable"), stats: S.deny },
      { name: "web443-drop", share: 0.05, subtype: "drop", action: "drop", blocked: true, rule: "interzone-default", nat: false, src: this.proxyMix, dst: this.webDst, service: fixedSvc(443, "tcp", [["incomplete", 5], ["ssl", 3], ["not-applicable", 2]]), stats: S.deny },
      { name: "web443-reset", share: 0.03, subtype: "deny", action: "reset-both", blocked: true, rule: "Block-Unsanctioned-Apps", nat: false, src: this.proxyMix, dst: this.webDst, service: fixedSvc(443, "tcp", [["ssl", 6], ["tiktok-base", 2], ["dropbox-base", 2]]), stats: S.reset },
      { name: "dns-allow", share: 0.078, subtype: "end", action: "allow", blocked: false, rule: "Allow-DNS", nat: true, src: mix([[dnsFwd, 0.6], [proxy, 0.3], [this.clientSampler, 0.1]]), dst: this.resolvers, service: fixedSvc(53, "udp", "dns-base"), stats: S.dns },
      { name: "dns-deny", share: 0.00245, subtype: "drop", action: "drop", blocked: true, rule: "Block-Direct-DNS", nat: false, src: this.clientSampler, dst: this.resolvers, service: fixedSvc(53, "udp", "dns-base"), stats: S.deny },
      { name: "http-allow", share: 0.0385, subtype: "end", action: "allow", blocked: false, rule: "Allow-Web-Outbound", nat: true, src: this.proxyMix, dst: this.webDst, service: fixedSvc(80, "tcp", "web-browsing"), stats: S.web },
      { name: "http-deny", share: 0.0025, subtype: "deny", action: "deny", blocked: true, rule: "Deny-Unapproved-Destinations", nat: false, src: this.proxyMix, dst: this.webDst, service: fixedSvc(80, "tcp", "web-browsing"), stats: S.deny },
      { name: "snmp-trap", share: 0.005923, subtype: "end", action: "allow", blocked: false, rule: "Allow-Internal-Mgmt", internal: true, nat: false, src: deviceSampler, dst: sampler([H(HOSTS.snmpManager)], [1]), service: fixedSvc(162, "udp", "snmp-trap"), stats: S.oneWay },
      { name: "gcm", share: 0.004527, subtype: "end", action: "allow", blocked: false, rule: "Allow-Web-Outbound", nat: true, src: this.clientSampler, dst: gcm, service: fixedSvc(5228, "tcp", "google-base"), stats: S.long },
      { name: "ntp-out", share: 0.00246, subtype: "end", action: "allow", blocked: false, rule: "Allow-NTP", nat: true, src: mix([[dnsFwd, 0.8], [proxy, 0.2]]), dst: ntp, service: fixedSvc(123, "udp", "ntp-base"), stats: S.ntp },
      { name: "ntp-in", share: 0.0001007, subtype: "end", action: "allow", blocked: false, rule: "Allow-NTP-Inbound", inbound: true, nat: false, src: ntpClients, dst: sampler([H(HOSTS.ntpServer)], [1]), service: fixedSvc(123, "udp", "ntp-base"), stats: S.ntp },
      { name: "teredo", share: 0.001861, subtype: "drop", action: "drop", blocked: true, rule: "Block-Tunneling", nat: false, src: this.clientSampler, dst: teredo, service: fixedSvc(3544, "udp", "teredo"), stats: S.deny },
      { name: "syslog", share: 0.001328, subtype: "end", action: "allow", blocked: false, rule: "Allow-Internal-Mgmt", internal: true, nat: false, src: deviceSampler, dst: sampler([H(HOSTS.syslogServer)], [1]), service: fixedSvc(514, "udp", "syslog"), stats: S.oneWay },
      { name: "snmp", share: 0.000794, subtype: "end", action: "allow", blocked: false, rule: "Allow-Internal-Mgmt", internal: true, nat: false, src: sampler([H(HOSTS.snmpManager)], [1]), dst: deviceSampler, service: fixedSvc(161, "udp", "snmp"), stats: S.dns },
      { name: "smb-out", share: 0.000649, subtype: "deny", action: "deny", blocked: true, rule: "Block-Outbound-SMB", nat: false, src: this.clientSampler, dst: tail, service: fixedSvc(445, "tcp", "not-applicable"), stats: S.deny },
      { name: "misc-allow", share: 0.03606, subtype: "end", action: "allow", blocked: false, rule: "Allow-Misc-Outbound", nat: true, src: mix([[this.clientSampler, 0.85], [proxy, 0.15]]), dst: mix([[popular, 0.5], [tail, 0.5]]), service: tableSvc(MISC_ALLOWED_PORTS, 0.8, "unknown"), stats: S.misc },
      { name: "misc-deny", share: 0.0178, subtype: "drop", action: "drop", blocked: true, rule: "interzone-default", nat: false, src: this.clientSampler, dst: mix([[tail, 0.6], [this.scanners, 0.4]]), service: tableSvc(MISC_BLOCKED_PORTS, 0.8, "not-applicable"), stats: S.deny },
      { name: "icmp", share: 0.0005, subtype: "end", action: "allow", blocked: false, rule: "Allow-Misc-Outbound", nat: true, src: this.clientSampler, dst: pingTargets, service: fixedSvc(0, "icmp", "ping"), stats: S.icmp },
      { name: "inbound-web", share: 0.002, subtype: "end", action: "allow", blocked: false, rule: "Allow-Public-Web", inbound: true, nat: false, src: this.scanners, dst: sampler([webServer], [1]), service: fixedSvc(443, "tcp", [["ssl", 8], ["web-browsing", 2]]), stats: S.web },
      {
        name: "inbound-scan",
        share: 0.01,
        subtype: "drop",
        action: "drop",
        blocked: true,
        rule: "interzone-default",
        inbound: true,
        nat: false,
        src: this.scanners,
        dst: sampler(
          Array.from({ length: Math.min(254, Math.max(1, net0.size - 2)) }, (_, i) => H(i + 1)),
          Array.from({ length: Math.min(254, Math.max(1, net0.size - 2)) }, () => 1),
        ),
        service: (r, u) => {
          if (u < 0.15) {
            const [port, proto] = SCAN_FAVOURITE_PORTS[Math.floor((u / 0.15) * SCAN_FAVOURITE_PORTS.length)]!;
            return { port, proto, app: "not-applicable" };
          }
          return { port: r.range(1, 65535), proto: r.float() < 0.85 ? "tcp" : "udp", app: "not-applicable" };
        },
        stats: S.deny,
      },
    ];
    if (v6nets.length) {
      const v6 = v6nets[0]!;
      const v6loc = (() => {
        const end = new Uint32Array(v6.words);
        for (let k = 0; k < 4; k++) {
          const hostBits = Math.max(0, Math.min(32, 128 - v6.prefix - 32 * (3 - k)));
          if (hostBits > 0) end[k] = (end[k]! | (hostBits === 32 ? 0xffffffff : (1 << hostBits) - 1)) >>> 0;
        }
        return `${formatIPv6(v6.words)}-${formatIPv6(end)}`;
      })();
      const v6hosts: Endpoint[] = [];
      for (let i = 0; i < 40; i++) {
        const w = new Uint32Array(v6.words);
        w[3] = (w[3]! | (0x1000 + build.int(0xefff))) >>> 0;
        w[2] = v6.prefix <= 64 ? (w[2]! | (build.u32() & 0xffff)) >>> 0 : w[2]!;
        v6hosts.push(endpoint(formatIPv6(w), v6loc, this.natAddress));
      }
      specs.push({
        name: "web443-allow-v6",
        share: v6share,
        subtype: "end",
        action: "allow",
        blocked: false,
        rule: "Allow-Web-Outbound",
        nat: false,
        src: sampler(v6hosts, v6hosts.map(() => 1)),
        dst: weighted(IPV6_DESTINATIONS),
        service: fixedSvc(443, "tcp", WEB_APPS),
        stats: S.web,
      });
    }
    for (const spec of specs) this.fw.push(this.compile(spec, build, out));
    this.fwUrn = buildUrn(specs.map((s) => s.share));
    this.classCount = new Float64Array(this.fw.length);
    this.startClass = this.compile({ ...specs[0]!, name: "web443-start", subtype: "start", stats: S.start }, build, out);

    // ---- URL filtering entries
    this.urlSrc = mix([
      [proxy, 0.6],
      [this.clientSampler, 0.4],
    ]);
    const orgEndpoints = new Map<OrgTag, Endpoint[]>();
    for (const tag of Object.keys(ORG_IPS) as OrgTag[]) orgEndpoints.set(tag, ORG_IPS[tag].map(publicEp));
    const urlRuleUuid = this.ruleUuid("Allow-Web-Outbound");
    const catUrn = buildUrn(URL_CATEGORIES.map((c) => c.weight));
    const URL_POOL = 2048;
    this.urlMask = URL_POOL - 1;
    this.urlEntries = [];
    const tzero: TimeStrings = { T: "", hires: "" };
    for (let i = 0; i < URL_POOL; i++) {
      // stratified: entry i covers quantile (i + 0.5) / URL_POOL, so category shares are exact
      const cat = URL_CATEGORIES[catUrn[Math.floor(((i + 0.5) / URL_POOL) * 65536)]!]!;
      const h = cat.hosts[build.int(cat.hosts.length)]!;
      const dst = build.pick(orgEndpoints.get(h.org)!);
      const https = build.float() < 0.85;
      const decrypted = !https || build.float() < 0.6;
      const path = decrypted ? h.paths[build.int(h.paths.length)]! : "/";
      const url = `${h.host}${https && build.float() < 0.1 ? ":443" : ""}${path}`;
      const ua = decrypted ? USER_AGENTS[build.int(USER_AGENTS.length)]! : "";
      const v: ThreatValues = {
        ...threatDefaults(),
        subtype: "url",
        app: https ? "ssl" : "web-browsing",
        rule: "Allow-Web-Outbound",
        action: "alert",
        misc: url,
        threat: "(9999)",
        category: cat.name,
        severity: "informational",
        direction: "client-to-server",
        contentType: decrypted ? CONTENT_TYPES[build.int(CONTENT_TYPES.length)]! : "",
        urlIndex: String(1 + build.int(24)),
        userAgent: ua,
        referer: decrypted && build.float() < 0.3 ? "https://www.google.com/" : "",
        method: decrypted ? (build.float() < 0.1 ? "post" : "get") : "connect",
        threatCategory: "N/A",
        contentVersion: "0",
        urlCategoryList: `${cat.name},${cat.risk}`,
        ruleUuid: urlRuleUuid,
      };
      const f = threatFields(v, tzero, this.ctx);
      const head = run(f, 11, 20);
      this.urlEntries.push({
        dst,
        mid: enc(`${head}0000/00/00 00:00:00,${this.portsRun(build, https ? 443 : 80, "tcp", true, "alert")}${run(f, 31, 35)}`),
        tAt: Buffer.byteLength(head),
        b: enc(run(f, 40, 106)),
      });
    }

    // ---- plan and malformed cadence
    this.shape = dailyVolumeShape(this.opts.month, { seed, timeZone: this.opts.timeZone });
    const { year, month: mon, days } = parseMonth(this.opts.month);
    this.dayStart = [];
    for (let d = 1; d <= days + 1; d++) {
      this.dayStart.push(d <= days ? localToEpoch(year, mon, d, 0, 0, 0, this.opts.timeZone) : localToEpoch(mon === 12 ? year + 1 : year, mon === 12 ? 1 : mon + 1, 1, 0, 0, 0, this.opts.timeZone));
    }
    this.plan = this.makePlan();
    this.malformedEvery =
      this.opts.malformedEvery > 0 ? Math.floor(this.opts.malformedEvery) : Math.max(1, Math.min(2_000_000, Math.floor(this.plan.plannedLines / 8)));
    this.plan.malformedEvery = this.malformedEvery;
  }

  // -------------------------------------------------------------- building blocks

  private ruleUuid(rule: string): string {
    let u = this.ruleUuids.get(rule);
    if (!u) {
      const r = new Rng(hash32(`rule:${rule}:${this.opts.seed}`));
      const h = r.hex(32);
      u = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
      this.ruleUuids.set(rule, u);
    }
    return u;
  }

  private portsRun(r: Rng, port: number, proto: string, nat: boolean, action: string): string {
    const icmp = proto === "icmp";
    const sport = icmp ? 0 : r.float() < 0.7 ? r.range(49152, 65535) : r.range(32768, 60999);
    const natSport = nat && !icmp ? r.range(1024, 65535) : 0;
    const flags = action === "deny" || action === "drop" || action === "reset-both" ? "0x0" : nat ? (proto === "tcp" ? "0x400053" : "0x400064") : "0x400019";
    return `${r.range(1000, 4_194_303)},1,${sport},${port},${natSport},${nat ? port : 0},${flags},${proto},${action},`;
  }

  private compile(spec: FlowSpec, r: Rng, out: { fromZone: string; toZone: string }): TClass {
    const inbound = !!spec.inbound;
    const internal = !!spec.internal;
    const ruleUuid = this.ruleUuid(spec.rule);
    // one service (port/proto/app) and one stats tuple per stats slot; port slot k uses
    // slot k % STAT_POOL so that bytes, end reason, protocol and App-ID always agree
    const services = Array.from({ length: STAT_POOL }, (_, i) => spec.service(r, (i + 0.5) / STAT_POOL));
    const stats = services.map((svc) => spec.stats(r, svc.proto));
    const midCache = new Map<string, string>();
    const midOf = (app: string) => {
      let mid = midCache.get(app);
      if (mid === undefined) {
        const f = trafficFields(
          {
            ...trafficDefaults(),
            natSrc: "0.0.0.0",
            natDst: "0.0.0.0",
            rule: spec.rule,
            app,
            fromZone: inbound ? ZONES.untrust : internal ? ZONES.trust : out.fromZone,
            toZone: inbound ? ZONES.trust : internal ? ZONES.trust : out.toZone,
            inIf: inbound ? ZONES.outIf : ZONES.inIf,
            outIf: spec.subtype === "drop" ? "" : inbound ? ZONES.inIf : internal ? ZONES.mgmtIf : ZONES.outIf,
          },
          { T: "", hires: "" },
          this.ctx,
        );
        mid = run(f, 11, 20);
        midCache.set(app, mid);
      }
      return mid;
    };
    const sEl = new Int32Array(STAT_POOL);
    for (let i = 0; i < STAT_POOL; i++) sEl[i] = Math.max(0, Math.min(3600, Math.round(stats[i]!.elapsed)));
    const T0 = "0000/00/00 00:00:00,";
    const slots: Uint8Array[] = [];
    const tAt = new Int32Array(PORT_POOL);
    const startAt = new Int32Array(PORT_POOL);
    for (let i = 0; i < PORT_POOL; i++) {
      const j = i & (STAT_POOL - 1);
      const svc = services[j]!;
      const st = stats[j]!;
      const mid = midOf(svc.app);
      const ports = this.portsRun(r, svc.port, svc.proto, spec.nat, spec.action) + `${st.sent + st.recv},${st.sent},${st.recv},${st.pktsSent + st.pktsRecv},`;
      tAt[i] = Buffer.byteLength(mid);
      startAt[i] = tAt[i]! + T0.length + Buffer.byteLength(ports);
      slots.push(enc(`${mid}${T0}${ports}${T0}${sEl[j]},${st.category},0,`));
    }
    const tail = run(trafficFields({ ...trafficDefaults(), ruleUuid }, { T: "", hires: "" }, this.ctx), 47, 101);
    const sC: Uint8Array[] = [];
    for (let i = 0; i < STAT_POOL; i++) {
      const st = stats[i]!;
      sC.push(enc(`0,${st.pktsSent},${st.pktsRecv},${st.endReason},${tail}`));
    }
    return { spec, variant: variantOf(spec.subtype), src: spec.src, dst: spec.dst, nat: spec.nat, slots, tAt, startAt, sEl, sC };
  }

  // -------------------------------------------------------------- time

  private setOffset(off: number): void {
    if (off === this.offset && this.strTag !== -1) return;
    this.offset = off;
    this.offsetStr = formatOffset(off);
    const keep = this.isoT.subarray(0, 23);
    this.isoT = Buffer.concat([keep, enc(`${this.offsetStr},,\n`)]);
    this.isoThr = Buffer.concat([keep, enc(`${this.offsetStr},,,\n`)]);
    this.isoTTag = -1;
    this.isoThrTag = -1;
    this.strTag = -2; // strings stale
  }

  private setDay(dn: number): void {
    this.dayNum = dn;
    this.ds = localDateStrings(dn);
    this.dsSlash = enc(this.ds.slash);
    this.dsIso = enc(this.ds.iso);
    this.dsBsd = enc(this.ds.bsd);
    this.tc.set(this.dsSlash, 0);
    this.tc[10] = 32;
    this.isoT.set(this.dsIso, 0);
    this.isoThr.set(this.dsIso, 0);
    this.bsd.set(this.dsBsd, 0);
    this.bsd[6] = 32;
  }

  /** Move the clock to instant t (epoch seconds); patches the fixed-width time bytes. */
  private setTime(t: number): void {
    if (t === this.cur) return;
    this.cur = t;
    this.secTag++;
    const L = t + this.offset;
    const dn = Math.floor(L / 86400);
    if (dn !== this.dayNum) this.setDay(dn);
    const sod = L - dn * 86400;
    const hh = (sod / 3600) | 0;
    const mi = ((sod - hh * 3600) / 60) | 0;
    const ss = sod - hh * 3600 - mi * 60;
    this.hh = hh;
    this.mi = mi;
    this.ss = ss;
    writeHms(this.tc, 11, hh, mi, ss);
  }

  /** isoT / isoThr with the current date and time (patched lazily, once per second). */
  private isoTraffic(): Uint8Array {
    if (this.isoTTag !== this.secTag) {
      this.isoTTag = this.secTag;
      this.isoT.set(this.dsIso, 0);
      writeHms(this.isoT, 11, this.hh, this.mi, this.ss);
    }
    return this.isoT;
  }

  private isoThreat(): Uint8Array {
    if (this.isoThrTag !== this.secTag) {
      this.isoThrTag = this.secTag;
      this.isoThr.set(this.dsIso, 0);
      writeHms(this.isoThr, 11, this.hh, this.mi, this.ss);
    }
    return this.isoThr;
  }

  /** Per-variant prefix bytes for the current second. */
  private prefix(v: number): Uint8Array {
    const p = this.prefixes[v]!;
    if (p.tag !== this.secTag) {
      p.tag = this.secTag;
      if (this.bsdTag !== this.secTag) {
        this.bsdTag = this.secTag;
        this.bsd.set(this.dsBsd, 0);
        writeHms(this.bsd, 7, this.hh, this.mi, this.ss);
      }
      const b = p.bytes;
      b.set(this.bsd, p.bsdAt);
      b.set(this.tc.subarray(0, 19), p.t1At);
      b.set(this.tc.subarray(0, 19), p.t2At);
    }
    return p.bytes;
  }

  /** "YYYY/MM/DD HH:MM:SS" (19 bytes) of an earlier instant (session start), memoised in a ring. */
  private startBytes(t: number): Uint8Array {
    const i = t % 8192;
    const ring = this.ringB;
    const at = i * 20;
    if (this.ringT[i] !== t || this.ringO[i] !== this.offset) {
      const L = t + this.offset;
      const dn = Math.floor(L / 86400);
      if (dn === this.dayNum) ring.set(this.dsSlash, at);
      else ring.set(enc(localDateStrings(dn).slash), at);
      ring[at + 10] = 32;
      const sod = L - dn * 86400;
      const hh = (sod / 3600) | 0;
      const mi = ((sod - hh * 3600) / 60) | 0;
      writeHms(ring, at + 11, hh, mi, sod - hh * 3600 - mi * 60);
      ring[at + 19] = 44;
      this.ringT[i] = t;
      this.ringO[i] = this.offset;
    }
    return this.ringV[i]!;
  }

  /** Increment the 18-digit decimal sequence number in place. */
  private bumpSeq(): void {
    const b = this.seqB;
    let i = 17;
    while (i >= 0 && b[i] === 57) b[i--] = 48;
    if (i >= 0) b[i]++;
  }

  private nextSeqString(): string {
    const s = String.fromCharCode(...this.seqB);
    this.bumpSeq();
    return s;
  }

  /** String forms of the current time, for the slow path. */
  private ensureStrings(): void {
    if (this.strTag === this.secTag) return;
    this.strTag = this.secTag;
    const hms = this.hms[this.hh * 3600 + this.mi * 60 + this.ss]!;
    this.T = `${this.ds.slash} ${hms}`;
    this.sysHdr = `<14>${this.ds.bsd} ${hms} ${this.ctx.host} `;
    this.hdr = `${this.sysHdr}1,${this.T},${this.ctx.serial},`;
    this.hiresPre = `${this.ds.iso}T${hms}.`;
  }

  private timeStrings(): TimeStrings {
    this.ensureStrings();
    return { T: this.T, hires: `${this.hiresPre}${String(this.rng.int(1000)).padStart(3, "0")}${this.offsetStr}` };
  }

  // -------------------------------------------------------------- fast path

  // Each piece is copied with TypedArray#set (one native memmove); the piece count per
  // line is what costs, so constant runs are pre-joined and the per-second / per-line
  // values (timestamps, sequence number, milliseconds) are patched into them in place.

  private writeTraffic(c: TClass, out: Uint8Array, pos: number): number {
    const rng = this.rng;
    const r1 = rng.u32();
    const r2 = rng.u32();
    const s = c.src.list[c.src.urn[r1 >>> 16]!]!;
    const d = c.dst.list[c.dst.urn[r1 & 0xffff]!]!;
    if (d.pending) resolveEndpoint(d);
    if (s.pending) resolveEndpoint(s);
    const k = r2 & (PORT_POOL - 1);
    const j = k & (STAT_POOL - 1);
    const heavy = s === this.heavy;
    let p: Uint8Array = this.prefix(c.variant);
    out.set(p, pos);
    pos += p.length;
    if (heavy) {
      p = (c.nat ? d.hNat : d.hNo) ?? this.heavyPair(d, c.nat);
    } else {
      p = s.c;
      out.set(p, pos);
      pos += p.length;
      p = c.nat ? d.cNat : d.cNo;
    }
    out.set(p, pos);
    pos += p.length;
    p = c.slots[k]!;
    p.set(this.tc19, c.tAt[k]!);
    const el = c.sEl[j]!;
    p.set(el === 0 ? this.tc19 : this.startBytes(this.cur - el), c.startAt[k]!);
    out.set(p, pos);
    pos += p.length;
    p = this.seqB;
    out.set(p, pos);
    pos += 18;
    this.bumpSeq();
    if (heavy) {
      p = d.hLoc ?? this.heavyLoc(d);
    } else {
      p = s.locX;
      out.set(p, pos);
      pos += p.length;
      p = d.locC;
    }
    out.set(p, pos);
    pos += p.length;
    p = c.sC[j]!;
    out.set(p, pos);
    pos += p.length;
    p = this.isoTraffic();
    const ms = (r2 >>> 22) % 1000;
    p[20] = 48 + ((ms / 100) | 0);
    p[21] = D10[ms % 100]!;
    p[22] = D01[ms % 100]!;
    out.set(p, pos);
    return pos + p.length;
  }

  private writeUrl(out: Uint8Array, pos: number): number {
    const rng = this.rng;
    const r1 = rng.u32();
    const r2 = rng.u32();
    const s = this.urlSrc.list[this.urlSrc.urn[r1 >>> 16]!]!;
    const e = this.urlEntries[r1 & this.urlMask]!;
    const d = e.dst;
    if (d.pending) resolveEndpoint(d);
    const heavy = s === this.heavy;
    let p: Uint8Array = this.prefix(V_URL);
    out.set(p, pos);
    pos += p.length;
    if (heavy) {
      p = d.hNat ?? this.heavyPair(d, true);
    } else {
      p = s.c;
      out.set(p, pos);
      pos += p.length;
      p = d.cNat;
    }
    out.set(p, pos);
    pos += p.length;
    p = e.mid;
    p.set(this.tc19, e.tAt);
    out.set(p, pos);
    pos += p.length;
    p = this.seqB;
    out.set(p, pos);
    pos += 18;
    this.bumpSeq();
    if (heavy) {
      p = d.hLoc ?? this.heavyLoc(d);
    } else {
      p = s.locX;
      out.set(p, pos);
      pos += p.length;
      p = d.locC;
    }
    out.set(p, pos);
    pos += p.length;
    p = e.b;
    out.set(p, pos);
    pos += p.length;
    p = this.isoThreat();
    const ms = (r2 >>> 22) % 1000;
    p[20] = 48 + ((ms / 100) | 0);
    p[21] = D10[ms % 100]!;
    p[22] = D01[ms % 100]!;
    out.set(p, pos);
    return pos + p.length;
  }

  private heavyPair(d: Endpoint, nat: boolean): Uint8Array {
    const h = this.heavy!;
    const b = Buffer.concat([h.c, nat ? d.cNat : d.cNo]);
    if (nat) d.hNat = b;
    else d.hNo = b;
    return b;
  }

  private heavyLoc(d: Endpoint): Uint8Array {
    const b = Buffer.concat([this.heavy!.locX, d.locC]);
    d.hLoc = b;
    return b;
  }

  /** Render a fast-path line as a string (no newline); for scheduled and malformed lines. */
  private lineOf(write: (out: Uint8Array, pos: number) => number): string {
    const n = write(this.scratch, 0);
    return this.scratch.toString("utf8", 0, n - 1);
  }

  // -------------------------------------------------------------- slow path (threats, notables)

  private trafficLine(v: Partial<TrafficValues> & Pick<TrafficValues, "src" | "dst">): string {
    this.ensureStrings();
    const full: TrafficValues = { ...trafficDefaults(), ...v, seq: this.nextSeqString() };
    if (full.sessionId === "0") full.sessionId = String(this.rng.range(1000, 4_194_303));
    if (!full.startTime) full.startTime = this.T;
    if (!full.ruleUuid) full.ruleUuid = this.ruleUuid(full.rule);
    const ts = this.timeStrings();
    return this.sysHdr + trafficFields(full, ts, this.ctx).join(",");
  }

  private threatLine(v: Partial<ThreatValues> & Pick<ThreatValues, "src" | "dst" | "subtype" | "threat">): string {
    const full: ThreatValues = { ...threatDefaults(), ...v, seq: this.nextSeqString() };
    if (full.sessionId === "0") full.sessionId = String(this.rng.range(1000, 4_194_303));
    if (!full.ruleUuid) full.ruleUuid = this.ruleUuid(full.rule);
    const ts = this.timeStrings();
    return this.sysHdr + threatFields(full, ts, this.ctx).join(",");
  }

  /** Endpoint pair, zones and NAT for a threat flow. */
  private threatFlow(flow: "inbound" | "outbound" | "mail", port: number, proto: string) {
    const r = this.rng;
    const sport = String(r.range(49152, 65535));
    if (flow === "inbound" || (flow === "mail" && port === 25)) {
      const src = flow === "mail" ? this.publicEp(r.pick(MAIL_SENDERS)) : resolveEndpoint(this.scanners.list[this.scanners.urn[r.u32() >>> 16]!]!);
      const dst = flow === "mail" ? this.internalHost(HOSTS.mailServer) : port === 22 ? this.internalHost(HOSTS.sshServer) : port === 5060 ? this.internalHost(1 + r.int(200)) : this.internalHost(HOSTS.webServer);
      return {
        src,
        dst,
        v: { natSrc: "0.0.0.0", natDst: "0.0.0.0", fromZone: ZONES.untrust, toZone: ZONES.trust, inIf: ZONES.outIf, outIf: ZONES.inIf, sport, dport: String(port), natSport: "0", natDport: "0", proto, rule: flow === "mail" ? "Allow-Mail-Inbound" : "Allow-Public-Web", flags: "0x400019" },
      };
    }
    const src = this.proxyMix.list[this.proxyMix.urn[r.u32() >>> 16]!]!;
    const dst = resolveEndpoint(port === 53 ? this.resolvers.list[this.resolvers.urn[r.u32() >>> 16]!]! : this.webDst.list[this.webDst.urn[r.u32() >>> 16]!]!);
    return {
      src,
      dst,
      v: { natSrc: this.natAddress, natDst: dst.ip, fromZone: ZONES.trust, toZone: ZONES.untrust, inIf: ZONES.inIf, outIf: ZONES.outIf, sport, dport: String(port), natSport: String(r.range(1024, 65535)), natDport: String(port), proto, rule: port === 53 ? "Allow-DNS" : "Allow-Web-Outbound", flags: proto === "tcp" ? "0x400053" : "0x400064" },
    };
  }

  private emitSig(fn: number, sigs: ThreatSig[], subtype: string, blockedShare: number, contentVersion: string): string {
    const r = this.rng;
    let x = r.float() * sigs.reduce((a, s) => a + s.weight, 0);
    let sig = sigs[0]!;
    for (const s of sigs) {
      x -= s.weight;
      if (x < 0) {
        sig = s;
        break;
      }
    }
    const blocked = r.float() < blockedShare;
    const { src, dst, v } = this.threatFlow(sig.flow, sig.port, sig.proto);
    let repeat = "1";
    if (fn === 2 && sig.id === 31914 && r.float() < 0.2) {
      const n = 2 + r.int(3);
      repeat = String(n);
      this.repeated += n - 1;
    }
    if (blocked) this.fnBlocked[fn]++;
    const inbound = sig.flow === "inbound" || (sig.flow === "mail" && sig.port === 25);
    return this.threatLine({
      ...v,
      subtype,
      src: src.ip,
      dst: dst.ip,
      srcLoc: src.loc,
      dstLoc: dst.loc,
      app: sig.app,
      sessionId: String(r.range(1000, 4_194_303)),
      repeat,
      action: blocked ? sig.blockAction : "alert",
      misc: r.pick(sig.misc),
      threat: `${sig.name}(${sig.id})`,
      category: "any",
      severity: sig.severity,
      direction: sig.flow === "mail" && sig.port !== 25 ? "server-to-client" : inbound || sig.port === 53 ? "client-to-server" : "server-to-client",
      threatCategory: sig.category,
      contentVersion,
    });
  }

  private emitWildfire(): string {
    const r = this.rng;
    let x = r.float() * WILDFIRE_FILES.reduce((a, s) => a + s.weight, 0);
    let wf = WILDFIRE_FILES[0]!;
    for (const s of WILDFIRE_FILES) {
      x -= s.weight;
      if (x < 0) {
        wf = s;
        break;
      }
    }
    const grayware = r.float() < 0.08;
    const blocked = r.float() < BLOCKED_SHARE.wildfire;
    if (blocked) this.fnBlocked[5]++;
    const mail = wf.flow === "mail";
    const { src, dst, v } = this.threatFlow(mail ? "mail" : "outbound", mail ? 25 : 443, "tcp");
    return this.threatLine({
      ...v,
      subtype: "wildfire",
      src: src.ip,
      dst: dst.ip,
      srcLoc: src.loc,
      dstLoc: dst.loc,
      app: mail ? "smtp-base" : "ssl",
      sessionId: String(r.range(1000, 4_194_303)),
      action: blocked ? "deny" : "alert",
      misc: r.pick(wf.files),
      threat: `${wf.name}(${wf.id})`,
      category: grayware ? "grayware" : "benign",
      severity: grayware ? "low" : "informational",
      direction: mail ? "client-to-server" : "server-to-client",
      digest: r.hex(64),
      cloud: this.opts.timeZone === "Asia/Tokyo" ? "jp.wildfire.paloaltonetworks.com" : "wildfire.paloaltonetworks.com",
      fileType: wf.fileType,
      sender: mail ? "notice@mail.example.com" : "",
      subject: mail ? r.pick(["【ご確認】請求書送付のご案内", "Meeting minutes", "見積書の件"]) : "",
      recipient: mail ? `user${r.int(200)}@customer.example.jp` : "",
      reportId: String(r.range(10_000_000_000, 99_999_999_999)),
      threatCategory: "unknown",
      contentVersion: "WildFire-0-0",
    });
  }


  // -------------------------------------------------------------- scheduled notable + boundary events

  private buildSchedule(dayIndex: number): Scheduled[] {
    const out: Scheduled[] = [];
    const { year, month } = parseMonth(this.opts.month);
    const days = this.shape.length;
    const at = (day: number, hh: number, mm: number, ss: number) => localToEpoch(year, month, Math.min(day, days), hh, mm, ss, this.opts.timeZone);
    // boundary lines: the first and the last second of every local day
    const ntpClass = this.fw.find((c) => c.spec.name === "ntp-out")!;
    out.push({ t: this.dayStart[dayIndex]!, fn: 0, blocked: false, build: () => this.lineOf((o, p) => this.writeTraffic(ntpClass, o, p)) });
    out.push({ t: this.dayStart[dayIndex + 1]! - 1, fn: 0, blocked: false, build: () => this.lineOf((o, p) => this.writeTraffic(ntpClass, o, p)) });
    // notable incidents of the sample report, pinned to its dates (clamped to the month)
    for (const n of this.notables()) {
      const t = at(n.day, n.h, n.m, n.s);
      if (t >= this.dayStart[dayIndex]! && t < this.dayStart[dayIndex + 1]!) out.push({ t, fn: n.fn, blocked: n.blocked, build: n.build });
    }
    out.sort((a, b) => a.t - b.t);
    return out;
  }

  private notableCache: Array<{ day: number; h: number; m: number; s: number; fn: number; blocked: boolean; build: () => string }> | null = null;

  private notables() {
    if (this.notableCache) return this.notableCache;
    const H = this.internalHost;
    const ext = (ip: string) => this.publicEp(ip);
    const natOut = (dst: Endpoint, port: number, proto = "tcp") => ({
      natSrc: this.natAddress,
      natDst: dst.ip,
      natSport: String(this.rng.range(1024, 65535)),
      natDport: String(port),
      fromZone: ZONES.trust,
      toZone: ZONES.untrust,
      inIf: ZONES.inIf,
      outIf: ZONES.outIf,
      dport: String(port),
      proto,
      sport: String(this.rng.range(49152, 65535)),
      flags: proto === "tcp" ? "0x400053" : "0x400064",
    });
    const inbound = (port: number, proto = "tcp") => ({
      natSrc: "0.0.0.0",
      natDst: "0.0.0.0",
      natSport: "0",
      natDport: "0",
      fromZone: ZONES.untrust,
      toZone: ZONES.trust,
      inIf: ZONES.outIf,
      outIf: ZONES.inIf,
      dport: String(port),
      proto,
      sport: String(this.rng.range(1024, 65535)),
      flags: "0x400019",
    });
    const url = (day: number, h: number, m: number, s: number, srcOff: number, dstIp: string, host: string, category: string) => ({
      day,
      h,
      m,
      s,
      fn: 1,
      blocked: false,
      build: () => {
        const src = H(srcOff);
        const dst = ext(dstIp);
        return this.threatLine({
          ...natOut(dst, 80),
          subtype: "url",
          src: src.ip,
          dst: dst.ip,
          srcLoc: src.loc,
          dstLoc: dst.loc,
          rule: "Allow-Web-Outbound",
          app: "web-browsing",
          action: "alert",
          misc: host,
          threat: "(9999)",
          category,
          severity: "informational",
          direction: "client-to-server",
          contentType: "text/html",
          urlIndex: "1",
          userAgent: USER_AGENTS[0]!,
          method: "get",
          threatCategory: "N/A",
          contentVersion: "0",
          urlCategoryList: `${category},high-risk`,
        });
      },
    });
    const threat = (
      day: number,
      h: number,
      m: number,
      s: number,
      fn: number,
      blocked: boolean,
      make: () => Partial<ThreatValues> & Pick<ThreatValues, "src" | "dst" | "subtype" | "threat">,
    ) => ({ day, h, m, s, fn, blocked, build: () => this.threatLine(make()) });
    const mailIn = (day: number, h: number, m: number, s: number, rcpt: number) =>
      threat(day, h, m, s, 5, false, () => {
        const src = ext("203.0.113.167");
        const dst = H(rcpt); // the sample lists the recipients' hosts (.38, .18) as destinations
        return {
          ...inbound(25),
          subtype: "wildfire",
          src: src.ip,
          dst: dst.ip,
          srcLoc: src.loc,
          dstLoc: dst.loc,
          rule: "Allow-Mail-Inbound",
          app: "smtp-base",
          action: "alert",
          misc: "https://login-verify.example.com/account/confirm?id=8841",
          threat: "Email Link(52143)",
          category: "phishing",
          severity: "high",
          direction: "client-to-server",
          digest: this.rng.hex(64),
          cloud: "jp.wildfire.paloaltonetworks.com",
          fileType: "email-link",
          sender: "security@account-notice.example.net",
          subject: "Your account will be suspended",
          recipient: `user${rcpt}@customer.example.jp`,
          reportId: String(this.rng.range(10_000_000_000, 99_999_999_999)),
          threatCategory: "unknown",
          contentVersion: "WildFire-0-0",
        };
      });
    const dnsSpy = (day: number, h: number, m: number, s: number, srcOff: number, dstEp: Endpoint, name: string, id: number, domain: string, blocked: boolean) =>
      threat(day, h, m, s, 3, blocked, () => {
        const src = H(srcOff);
        const internalDst = dstEp.loc.includes("-");
        return {
          ...(internalDst ? { ...inbound(53, "udp"), fromZone: ZONES.trust, toZone: ZONES.trust, inIf: ZONES.inIf, outIf: ZONES.mgmtIf } : natOut(dstEp, 53, "udp")),
          subtype: "spyware",
          src: src.ip,
          dst: dstEp.ip,
          srcLoc: src.loc,
          dstLoc: dstEp.loc,
          rule: "Allow-DNS",
          app: "dns-base",
          action: blocked ? "drop" : "alert",
          misc: domain,
          threat: `${name}(${id})`,
          category: "any",
          severity: "medium",
          direction: "client-to-server",
          threatCategory: "dns-c2",
          contentVersion: "AppThreat-8498-7090",
        };
      });
    const inboundThreat = (day: number, h: number, m: number, s: number, fn: number, dstOff: number, srcIp: string, port: number, app: string, name: string, id: number, blocked: boolean, misc: string, cat: string) =>
      threat(day, h, m, s, fn, blocked, () => {
        const src = ext(srcIp);
        const dst = H(dstOff);
        return {
          ...inbound(port),
          subtype: fn === 2 ? "vulnerability" : "spyware",
          src: src.ip,
          dst: dst.ip,
          srcLoc: src.loc,
          dstLoc: dst.loc,
          rule: "Allow-Public-Web",
          app,
          action: blocked ? "reset-both" : "alert",
          misc,
          threat: `${name}(${id})`,
          category: "any",
          severity: "medium",
          direction: fn === 3 ? "server-to-client" : "client-to-server",
          threatCategory: cat,
          contentVersion: "AppThreat-8498-7090",
        };
      });
    const jpResolver = this.publicEp("202.232.2.100");
    const list = [
      // 1.2.1 firewall: access from a malicious address (documentation space) to 192.0.2.214-like host
      {
        day: 4,
        h: 9,
        m: 43,
        s: 12,
        fn: 0,
        blocked: true,
        build: () => {
          const src = ext("203.0.113.197");
          const dst = H(HOSTS.proxy);
          return this.trafficLine({ ...inbound(22), subtype: "drop", action: "drop", src: src.ip, dst: dst.ip, srcLoc: src.loc, dstLoc: dst.loc, rule: "interzone-default", app: "not-applicable", outIf: "", bytes: "74", sent: "74", recv: "0", packets: "1", pktsSent: "1", pktsRecv: "0", endReason: "policy-deny", category: "any", flags: "0x0" });
        },
      },
      // 1.2.2 URL filtering: malware / phishing / malware, proxy-avoidance, C2 and a few Minor-level categories
      url(4, 10, 15, 32, HOSTS.urlAlertSources[0], "198.51.100.13", "dns-poison.example.jp/index.php", "malware"),
      url(9, 14, 2, 51, HOSTS.urlAlertSources[1], "198.51.100.196", "captcha-verify.example.jp/?c=1", "phishing"),
      url(23, 11, 21, 40, HOSTS.urlAlertSources[1], "203.0.113.210", "dl.example.co.jp/files/update.exe", "malware"),
      url(6, 6, 6, 6, HOSTS.topClients[4], "198.51.100.77", "anon-proxy.example.jp/", "proxy-avoidance-and-anonymizers"),
      url(17, 16, 40, 3, HOSTS.topClients[2], "203.0.113.45", "beacon.c2.example/", "command-and-control"),
      url(4, 13, 5, 9, HOSTS.topClients[0], "198.51.100.31", "free-tools.example.net/", "grayware"),
      url(5, 10, 30, 44, HOSTS.topClients[1], "198.51.100.32", "new-shop.example.org/", "newly-registered-domain"),
      url(9, 9, 12, 1, HOSTS.topClients[3], "198.51.100.33", "dyn-home.example.com/", "dynamic-dns"),
      url(28, 15, 1, 26, HOSTS.topClients[5], "198.51.100.34", "questionable.example.net/", "questionable"),
      url(28, 15, 3, 58, HOSTS.topClients[5], "198.51.100.34", "questionable.example.net/next", "questionable"),
      // 2.7 top events
      mailIn(13, 15, 32, 20, 38),
      mailIn(18, 11, 12, 47, 18),
      mailIn(18, 17, 22, 10, 18),
      dnsSpy(10, 10, 3, 11, HOSTS.sectigoSource, jpResolver, "generic:crt.sectigo.com", 435686358, "crt.sectigo.com", true),
      dnsSpy(10, 10, 47, 52, HOSTS.sectigoSource, jpResolver, "generic:crt.sectigo.com", 435686358, "crt.sectigo.com", true),
      dnsSpy(5, 8, 55, 30, HOSTS.omnatorSource, H(HOSTS.internalDns), "Suspicious DNS Query (generic:omnator.com)", 421897263, "omnator.com", false),
      dnsSpy(11, 9, 20, 14, HOSTS.omnatorSource, H(HOSTS.internalDns), "Suspicious DNS Query (generic:omnator.com)", 421897263, "omnator.com", false),
      inboundThreat(17, 3, 14, 55, 2, HOSTS.webServer, "153.120.1.10", 8080, "web-browsing", "Apache Tomcat Remote Code Execution Via JSP Upload Vulnerability", 38761, false, "/upload.jsp/", "code-execution"),
      inboundThreat(20, 2, 48, 19, 3, HOSTS.gh0stTarget, "198.51.100.201", 8000, "unknown-tcp", "Gh0st.Gen Command and Control Traffic", 13264, true, "", "command-and-control"),
      inboundThreat(13, 4, 31, 7, 2, HOSTS.camera, "203.0.113.90", 80, "web-browsing", "DCS-2530L Unauthenticated Information Disclosure Vulnerability", 90255, true, "/config/getuser?index=0", "info-leak"),
      // one WildFire malware verdict (blocked)
      threat(7, 14, 9, 33, 5, true, () => {
        const src = this.internalHost(HOSTS.topClients[1]);
        const dst = ext("203.0.113.66");
        return {
          ...natOut(dst, 80),
          subtype: "wildfire",
          src: src.ip,
          dst: dst.ip,
          srcLoc: src.loc,
          dstLoc: dst.loc,
          rule: "Allow-Web-Outbound",
          app: "web-browsing",
          action: "deny",
          misc: "invoice_viewer.exe",
          threat: "Windows Executable (EXE)(52020)",
          category: "malware",
          severity: "high",
          direction: "server-to-client",
          digest: this.rng.hex(64),
          cloud: "jp.wildfire.paloaltonetworks.com",
          fileType: "pe",
          reportId: String(this.rng.range(10_000_000_000, 99_999_999_999)),
          threatCategory: "unknown",
          contentVersion: "WildFire-0-0",
        };
      }),
    ];
    this.notableCache = list;
    return list;
  }

  // -------------------------------------------------------------- plan

  private makePlan(): MonthPlan {
    const s = this.opts.scale;
    const w = this.shape.map((d) => d.weight);
    const fnWeights: number[][] = [
      w, // firewall
      w.map((x) => (x < 0.5 ? x * 0.7 : x)), // url: weekends/holidays a little quieter than firewall
      w.map((x) => 0.2 + 0.8 * x), // vulnerability: internet scanning never sleeps
      w.map((x) => 0.7 + 0.3 * x), // spyware: flat-ish
      w, // virus
      w, // wildfire
    ];
    const bases = [BASE_VOLUME.firewall, BASE_VOLUME.url, BASE_VOLUME.vulnerability, BASE_VOLUME.spyware, BASE_VOLUME.virus, BASE_VOLUME.wildfire];
    const perFn = bases.map((b, i) => apportion(Math.round(b * s), fnWeights[i]!));
    const starts = apportion(Math.round(BASE_VOLUME.firewall * s * START_LOG_RATIO), w);
    // fixed events
    const fixed = this.shape.map(() => new Array<number>(NF).fill(0));
    const { year, month } = parseMonth(this.opts.month);
    for (let di = 0; di < this.shape.length; di++) fixed[di]![0] += 2;
    for (const n of this.notables()) {
      const t = localToEpoch(year, month, Math.min(n.day, this.shape.length), n.h, n.m, n.s, this.opts.timeZone);
      const di = this.dayStart.findIndex((st, i) => i < this.shape.length && t >= st && t < this.dayStart[i + 1]!);
      if (di >= 0) fixed[di]![n.fn] += 1;
    }
    const totals = { firewall: 0, url: 0, vulnerability: 0, spyware: 0, virus: 0, wildfire: 0, trafficStart: 0 };
    const days: DayPlan[] = this.shape.map((d, di) => {
      const counts = {
        firewall: perFn[0]![di]! + fixed[di]![0]!,
        url: perFn[1]![di]! + fixed[di]![1]!,
        vulnerability: perFn[2]![di]! + fixed[di]![2]!,
        spyware: perFn[3]![di]! + fixed[di]![3]!,
        virus: perFn[4]![di]! + fixed[di]![4]!,
        wildfire: perFn[5]![di]! + fixed[di]![5]!,
        trafficStart: starts[di]!,
      };
      for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += counts[k];
      return { date: d.date, weight: d.weight, offDay: d.offDay, counts };
    });
    this.randomCounts = this.shape.map((_, di) => {
      const a = new Int32Array(NF);
      for (let f = 0; f < 6; f++) a[f] = perFn[f]![di]!;
      a[F_START] = starts[di]!;
      return a;
    });
    const plannedLines = Object.values(totals).reduce((a, b) => a + b, 0);
    return { month: this.opts.month, timeZone: this.opts.timeZone, days, totals, plannedLines, malformedEvery: 0 };
  }

  private randomCounts: Int32Array[] = [];

  // -------------------------------------------------------------- iteration

  private startDay(di: number): void {
    this.day = di;
    this.sched = this.buildSchedule(di);
    this.schedIdx = 0;
    // hour segments from local midnight to next local midnight
    const s0 = this.dayStart[di]!;
    const e0 = this.dayStart[di + 1]!;
    const hourly = this.shape[di]!.offDay ? HOURLY_OFFDAY : HOURLY_WORKDAY;
    const segs: Array<{ s: number; len: number; w: number; off: number }> = [];
    for (let s = s0; s < e0; s += 3600) {
      const len = Math.min(3600, e0 - s);
      const off = tzOffsetSeconds(s, this.opts.timeZone);
      const localHour = Math.floor(((((s + off) % 86400) + 86400) % 86400) / 3600);
      segs.push({ s, len, w: hourly[localHour]! * (len / 3600), off });
    }
    const dayCounts = this.randomCounts[di]!;
    const segW = segs.map((x) => x.w);
    const segUrn = buildUrn(segW);
    const per = Array.from({ length: NF }, (_, f) => {
      const n = dayCounts[f]!;
      // large counts follow the hourly profile exactly; small ones are scattered at random
      if (n >= segs.length * 8) return apportion(n, segW);
      const c = new Array<number>(segs.length).fill(0);
      for (let k = 0; k < n; k++) c[segUrn[this.rng.u32() >>> 16]!] += 1;
      return c;
    });
    this.segs = segs.map((x, i) => {
      const c = new Int32Array(NF);
      for (let f = 0; f < NF; f++) c[f] = per[f]![i]!;
      return { s: x.s, len: x.len, counts: c, off: x.off };
    });
    this.segIdx = -1;
    this.nextSegment();
  }

  private nextSegment(): void {
    this.segIdx++;
    const seg = this.segs[this.segIdx] as Seg | undefined;
    if (!seg) {
      this.segN = 0;
      this.segI = 0;
      return;
    }
    if (seg.off !== this.offset) {
      this.setOffset(seg.off);
      this.cur = Number.NaN;
    }
    this.segRemain.set(seg.counts);
    let n = 0;
    for (let f = 0; f < NF; f++) n += seg.counts[f]!;
    this.segN = n;
    this.segLeft = n;
    this.segI = 0;
    this.curT = -1;
    this.segSlots = Math.max(1, Math.ceil(n / BURST));
    this.slotIdx = -1;
  }

  /** Append a slow-path line (string) and its newline. */
  private putLine(out: Buffer, pos: number, line: string): number {
    pos += out.write(line, pos, "utf8");
    out[pos] = 10;
    return pos + 1;
  }

  /**
   * Write whole lines ("\n"-terminated) into `out` starting at `pos` until `pos >= limit`
   * or the month ends; returns the new position. `out` must have LINE_SLACK bytes
   * beyond `limit`. At least one line is written if any remain.
   */
  fill(out: Buffer, pos: number, limit: number): number {
    if (this.done) return pos;
    if (!this.started) {
      this.started = true;
      this.startDay(0);
    }
    while (pos < limit) {
      if (this.sinceMalformed >= this.malformedEvery && !Number.isNaN(this.cur)) {
        this.sinceMalformed = 0;
        this.malformedOut++;
        this.linesOut++;
        pos = this.putLine(out, pos, this.malformed());
        continue;
      }
      const seg = this.segs[this.segIdx] as Seg | undefined;
      if (seg !== undefined && this.segI < this.segN) {
        if (this.curT < 0) {
          const slot = Math.floor((this.segI * this.segSlots) / this.segN);
          if (slot !== this.slotIdx) {
            this.slotIdx = slot;
            this.slotT = seg.s + Math.floor(((slot + this.rng.float()) * seg.len) / this.segSlots);
          }
          this.curT = this.slotT;
        }
        if (this.schedIdx < this.sched.length && this.sched[this.schedIdx]!.t <= this.curT) {
          pos = this.putLine(out, pos, this.emitScheduled());
          continue;
        }
        const t = this.curT;
        this.curT = -1;
        this.segI++;
        this.setTime(t);
        // choose the function by remaining counts (exact totals, random interleaving)
        let x = this.rng.u32() % this.segLeft;
        this.segLeft--;
        const rem = this.segRemain;
        let f = 0;
        while (x >= rem[f]!) {
          x -= rem[f]!;
          f++;
        }
        rem[f]--;
        this.sinceMalformed++;
        this.linesOut++;
        this.fnCount[f]++;
        if (f === 0) {
          const ci = this.fwUrn[this.rng.u32() >>> 16]!;
          const c = this.fw[ci]!;
          this.classCount[ci]++;
          if (c.spec.blocked) this.fnBlocked[0]++;
          pos = this.writeTraffic(c, out, pos);
        } else if (f === 1) {
          pos = this.writeUrl(out, pos);
        } else if (f === F_START) {
          pos = this.writeTraffic(this.startClass, out, pos);
        } else {
          pos = this.putLine(out, pos, this.emitThreat(f));
        }
        continue;
      }
      if (seg !== undefined) {
        this.nextSegment();
        if (this.segIdx < this.segs.length) continue;
      }
      // end of day: flush scheduled events, then the next day
      if (this.schedIdx < this.sched.length) {
        pos = this.putLine(out, pos, this.emitScheduled());
        continue;
      }
      if (this.day + 1 < this.shape.length) {
        this.startDay(this.day + 1);
        continue;
      }
      this.done = true;
      break;
    }
    return pos;
  }

  /** True once the whole month has been written. */
  get finished(): boolean {
    return this.done;
  }

  /** One line (without newline) or null at the end; convenient for tests, slower than fill(). */
  next(): string | null {
    const n = this.fill(this.scratch, 0, 1);
    if (n === 0) return null;
    return this.scratch.toString("utf8", 0, n - 1);
  }

  private emitScheduled(): string {
    const ev = this.sched[this.schedIdx++]!;
    // a scheduled instant may fall into another hour segment: use that instant's own offset
    const off = tzOffsetSeconds(ev.t, this.opts.timeZone);
    const prevOff = this.offset;
    if (off !== prevOff) this.setOffset(off);
    this.cur = Number.NaN;
    this.setTime(ev.t);
    this.sinceMalformed++;
    this.linesOut++;
    this.fnCount[ev.fn]++;
    if (ev.blocked) this.fnBlocked[ev.fn]++;
    const line = ev.build();
    if (off !== prevOff) {
      this.setOffset(prevOff);
      this.cur = Number.NaN;
    }
    return line;
  }

  private emitThreat(f: number): string {
    switch (f) {
      case 2:
        return this.emitSig(2, VULNERABILITY_SIGS, "vulnerability", BLOCKED_SHARE.vulnerability, "AppThreat-8498-7090");
      case 3:
        return this.emitSig(3, SPYWARE_SIGS, "spyware", BLOCKED_SHARE.spyware, "AppThreat-8498-7090");
      case 4:
        return this.emitSig(4, VIRUS_SIGS, "virus", BLOCKED_SHARE.virus, "Antivirus-4012-4529");
      default:
        return this.emitWildfire();
    }
  }

  private malformed(): string {
    const kind = MALFORMED_KINDS[this.malformedKind++ % MALFORMED_KINDS.length]!;
    const r = this.rng;
    this.ensureStrings();
    // malformed lines do not consume sequence numbers
    const seqSave = this.seqB.slice();
    const restoreSeq = () => {
      this.seqB.set(seqSave);
    };
    const hms = this.T.slice(11);
    switch (kind) {
      case "truncated": {
        const line = this.lineOf((o, p) => this.writeTraffic(this.fw[0]!, o, p));
        restoreSeq();
        return line.slice(0, r.range(20, 120));
      }
      case "garbage": {
        const n = r.range(30, 200);
        let s = "";
        for (let i = 0; i < n; i++) s += String.fromCharCode(33 + r.int(94));
        return s;
      }
      case "control-chars":
        return `<14>${this.ds.bsd} ${hms} ${this.ctx.host} \u001b[31m\u0007\u0008\u007f\u0001TRAFFIC\u0002${r.hex(16)}`;
      case "bad-timestamp": {
        const line = this.lineOf((o, p) => this.writeTraffic(this.fw[0]!, o, p));
        restoreSeq();
        return line.split(this.T).join("2021/13/45 25:61:61");
      }
      case "unterminated-quote": {
        const line = this.lineOf((o, p) => this.writeUrl(o, p));
        restoreSeq();
        const q0 = line.indexOf(',"');
        return line.slice(0, q0 + 8);
      }
      default:
        return `<14>${this.ds.bsd} ${hms} ${this.ctx.host} `;
    }
  }

  stats(): GeneratedStats {
    const functions = {} as GeneratedStats["functions"];
    FUNCTIONS.forEach((name, i) => {
      functions[name] = { total: this.fnCount[i]!, blocked: this.fnBlocked[i]! };
    });
    return {
      lines: this.linesOut,
      malformed: this.malformedOut,
      trafficStart: this.fnCount[F_START]!,
      functions,
      totalLogs: FUNCTIONS.reduce((a, _, i) => a + this.fnCount[i]!, 0),
      repeatedEvents: this.repeated,
    };
  }

  /** Per firewall flow class: name, records emitted (diagnostics / tuning). */
  classStats(): Array<{ name: string; count: number; blocked: boolean }> {
    return this.fw.map((c, i) => ({ name: c.spec.name, count: this.classCount[i]!, blocked: c.spec.blocked }));
  }
}

/** "HH:MM:SS" at b[at..at+8). */
function writeHms(b: Uint8Array, at: number, hh: number, mi: number, ss: number): void {
  b[at] = D10[hh]!;
  b[at + 1] = D01[hh]!;
  b[at + 2] = 58;
  b[at + 3] = D10[mi]!;
  b[at + 4] = D01[mi]!;
  b[at + 5] = 58;
  b[at + 6] = D10[ss]!;
  b[at + 7] = D01[ss]!;
}

// ---------------------------------------------------------------- helpers

function safeCountry(ip: string): string | null {
  try {
    return lookupCountry(ip);
  } catch {
    return null;
  }
}


function trafficDefaults(): TrafficValues {
  return {
    subtype: "end",
    src: "",
    dst: "",
    natSrc: "0.0.0.0",
    natDst: "0.0.0.0",
    rule: "",
    app: "",
    fromZone: ZONES.trust,
    toZone: ZONES.untrust,
    inIf: ZONES.inIf,
    outIf: ZONES.outIf,
    sessionId: "0",
    repeat: "1",
    sport: "0",
    dport: "0",
    natSport: "0",
    natDport: "0",
    flags: "0x0",
    proto: "tcp",
    action: "allow",
    bytes: "0",
    sent: "0",
    recv: "0",
    packets: "0",
    startTime: "",
    elapsed: "0",
    category: "any",
    seq: "",
    srcLoc: "",
    dstLoc: "",
    pktsSent: "0",
    pktsRecv: "0",
    endReason: "n/a",
    ruleUuid: "",
  };
}

function threatDefaults(): ThreatValues {
  return {
    subtype: "",
    src: "",
    dst: "",
    natSrc: "0.0.0.0",
    natDst: "0.0.0.0",
    rule: "",
    app: "",
    fromZone: ZONES.trust,
    toZone: ZONES.untrust,
    inIf: ZONES.inIf,
    outIf: ZONES.outIf,
    sessionId: "0",
    repeat: "1",
    sport: "0",
    dport: "0",
    natSport: "0",
    natDport: "0",
    flags: "0x0",
    proto: "tcp",
    action: "alert",
    misc: "",
    threat: "",
    category: "any",
    severity: "informational",
    direction: "client-to-server",
    seq: "",
    srcLoc: "",
    dstLoc: "",
    contentType: "",
    digest: "",
    cloud: "",
    urlIndex: "0",
    userAgent: "",
    fileType: "",
    referer: "",
    sender: "",
    subject: "",
    recipient: "",
    reportId: "0",
    method: "",
    threatCategory: "",
    contentVersion: "",
    urlCategoryList: "",
    ruleUuid: "",
  };
}

function statsFns() {
  const endReasons = ["tcp-fin", "tcp-fin", "tcp-fin", "tcp-fin", "tcp-fin", "tcp-fin", "tcp-fin", "tcp-rst-from-client", "tcp-rst-from-client", "aged-out", "tcp-rst-from-server"];
  const webCats = ["computer-and-internet-info", "web-based-email", "search-engines", "business-and-economy", "content-delivery-networks", "internet-portals", "web-advertisements", "social-networking"];
  const webCatUrn = buildUrn([3914, 2538, 2399, 2223, 1792, 1683, 1319, 252]);
  return {
    web: (r: Rng): Stats => {
      const sent = Math.round(r.logNormal(1400, 1.0)) + 200;
      const recv = Math.round(r.logNormal(9000, 1.6)) + 300;
      return {
        sent,
        recv,
        pktsSent: Math.max(3, Math.round(sent / 600) + 2),
        pktsRecv: Math.max(2, Math.round(recv / 1300) + 1),
        elapsed: Math.min(1800, r.exp(20)),
        endReason: r.pick(endReasons),
        category: webCats[webCatUrn[r.u32() >>> 16]!]!,
      };
    },
    misc: (r: Rng, proto: string): Stats => {
      const sent = Math.round(r.logNormal(900, 1.2)) + 80;
      const recv = Math.round(r.logNormal(2500, 1.5)) + 60;
      return {
        sent,
        recv,
        pktsSent: Math.max(1, Math.round(sent / 700) + 1),
        pktsRecv: Math.max(1, Math.round(recv / 1200) + 1),
        elapsed: Math.min(3600, r.exp(40)),
        endReason: proto === "udp" ? "aged-out" : r.pick(endReasons),
        category: "any",
      };
    },
    long: (r: Rng): Stats => {
      const sent = r.range(2000, 20000);
      const recv = r.range(3000, 40000);
      return { sent, recv, pktsSent: Math.round(sent / 200), pktsRecv: Math.round(recv / 300), elapsed: r.range(60, 1800), endReason: r.float() < 0.5 ? "tcp-fin" : "aged-out", category: "any" };
    },
    deny: (r: Rng, proto: string): Stats => {
      const sent = proto === "tcp" ? (r.float() < 0.5 ? 66 : 74) : r.range(60, 130);
      return { sent, recv: 0, pktsSent: 1, pktsRecv: 0, elapsed: 0, endReason: "policy-deny", category: "any" };
    },
    reset: (r: Rng): Stats => {
      const sent = r.range(300, 2500);
      const recv = r.range(0, 400);
      return { sent, recv, pktsSent: r.range(3, 8), pktsRecv: r.range(1, 3), elapsed: r.range(0, 3), endReason: "policy-deny", category: "any" };
    },
    dns: (r: Rng): Stats => ({ sent: r.range(60, 110), recv: r.range(80, 500), pktsSent: 1, pktsRecv: 1, elapsed: 0, endReason: "aged-out", category: "any" }),
    ntp: (): Stats => ({ sent: 90, recv: 90, pktsSent: 1, pktsRecv: 1, elapsed: 0, endReason: "aged-out", category: "any" }),
    oneWay: (r: Rng): Stats => ({ sent: r.range(100, 1200), recv: 0, pktsSent: 1, pktsRecv: 0, elapsed: 0, endReason: "aged-out", category: "any" }),
    icmp: (): Stats => ({ sent: 74, recv: 74, pktsSent: 1, pktsRecv: 1, elapsed: 0, endReason: "aged-out", category: "any" }),
    start: (r: Rng): Stats => {
      const sent = r.range(0, 600);
      return { sent, recv: r.range(0, 600), pktsSent: r.range(1, 3), pktsRecv: r.range(0, 2), elapsed: 0, endReason: "n/a", category: "any" };
    },
  };
}

export type { Severity };
