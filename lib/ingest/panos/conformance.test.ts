// Conformance of parseLine against other projects' PAN-OS parser test data
// (shared/peer-corpus/panos, read in place — never copied into this repo; see its
// README for licences). For every corpus line with expected output, each field we
// normalise is compared with the peer's value, after the documented representation
// mappings in CONVENTIONS (zone, units, naming). Every remaining difference must be
// listed in ALLOW (source file + line + field, with both values and the reason we
// are right); anything else — a new difference or a regression — fails the test.
// The resulting table is printed and kept in CONFORMANCE.md.

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseLine } from "./parse";
import { makeLocalTimeConverter } from "./time";
import type { PanosEvent, ParseResult } from "./types";

const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
// PANOS_PEER_CORPUS overrides the location (e.g. a CI checkout elsewhere).
const CORPUS = process.env.PANOS_PEER_CORPUS ?? path.resolve(REPO_ROOT, "../shared/peer-corpus/panos");
const HAVE_CORPUS = fs.existsSync(CORPUS);
if (!HAVE_CORPUS) {
  console.warn(`[panos conformance] SKIPPED: peer corpus not found at ${CORPUS}`);
}

// ---------------------------------------------------------------------------
// Representation mappings applied to peer values before comparing (not differences:
// the same fact, spelled differently). Counted in the report.

const CONVENTIONS = {
  zone: "peer times are instants; ours are device-local wall times converted with the zone the peer's test used (beats: event.timezone -02:00, integrations +09:30, jcustenborder UTC, crowdsec +02:00 from the relay header)",
  urlFilteringName: "elastic names the url-subtype threat `URL-filtering`; the log only carries `(9999)`, so our name is null",
  direction: "elastic's network.direction is inbound/outbound for client-to-server/server-to-client on THREAT logs",
  natZero: "peer keeps `0.0.0.0` NAT addresses; we map no-translation to null",
  threatRaw: "peer keeps field 32 raw (`Name(id)`); compared with our name + `(` + id + `)` ignoring blanks",
  slashDate: "crowdsec keeps the raw `YYYY/MM/DD HH:MM:SS` text; ours uses `-` date separators",
  durationNs: "elastic event.duration is nanoseconds; our elapsed is seconds",
} as const;
type Convention = keyof typeof CONVENTIONS;

// ---------------------------------------------------------------------------
// Differences where our output is right and the peer's is not (or is deliberately
// different). Key: `<source file>#<line>:<field>`; `peer`/`ours` must match exactly.

interface Allowed {
  peer: unknown;
  ours: unknown;
  reason: string;
}

const ALLOW: Record<string, Allowed> = {
  // crowdsec's grok reads index 42 (PCAP ID, "0") as the file hash; 43 (file digest) is empty.
  "crowdsec-hub/palo-alto-threat.log#1:fileDigest": {
    peer: "0",
    ours: null,
    reason: "crowdsec maps the PCAP ID (field 42) to file_hash; the file digest is field 43, empty on these vulnerability logs",
  },
  "crowdsec-hub/palo-alto-threat.log#2:fileDigest": {
    peer: "0",
    ours: null,
    reason: "crowdsec maps the PCAP ID (field 42) to file_hash; the file digest is field 43, empty on these vulnerability logs",
  },
  // wazuh only routes lines to its decoder; it accepts header-only stubs and anonymised
  // skeletons whose dates do not exist. Such lines carry no usable event.
  "wazuh/paloalto.ini#17:outcome": {
    peer: "event",
    ours: "reject: TRAFFIC line too short: 5 fields, need at least 31 (up to action)",
    reason: "header-only stub `1,<time>,<serial>,TRAFFIC,` (test of wazuh's prefilter): no addresses, no action",
  },
  "wazuh/paloalto.ini#19:outcome": {
    peer: "event",
    ours: "reject: THREAT line too short: 5 fields, need at least 31 (up to action)",
    reason: "header-only stub `1,<time>,<serial>,THREAT,` (test of wazuh's prefilter): no addresses, no action",
  },
  "wazuh/paloalto.ini#58:outcome": {
    peer: "event",
    ours: 'reject: bad generated time "2020/06/00 00:00:00"',
    reason: "anonymised skeleton: generated time `2020/06/00` is not a date (and IPs/ports are `00.00.000.00`/`0000`)",
  },
  "wazuh/paloalto.ini#64:outcome": {
    peer: "event",
    ours: 'reject: bad generated time "2020/06/00 00:00:00"',
    reason: "anonymised skeleton: generated time `2020/06/00` is not a date",
  },
  "wazuh/paloalto.ini#70:outcome": {
    peer: "event",
    ours: 'reject: bad generated time "2020/06/00 00:00:00"',
    reason: "anonymised skeleton: generated time `2020/06/00` is not a date",
  },
  "wazuh/paloalto.ini#71:outcome": {
    peer: "event",
    ours: 'reject: bad generated time "2020/06/00 00:00:00"',
    reason: "anonymised skeleton: generated time `2020/06/00` is not a date",
  },
};

// ---------------------------------------------------------------------------

/** Our view of an event: PanosEvent plus derived instants (ms) and the composed threat field. */
type View = Record<string, unknown>;

interface Expectation {
  outcome: "event" | "other" | "reject";
  /** field → [expected value, convention used or null] */
  fields: Map<string, [unknown, Convention | null]>;
  /** zone for the derived instants */
  zone: string;
}

interface Case {
  source: string; // table row
  file: string; // corpus-relative path
  line: number; // 1-based line (or case) number
  input: string;
  exp: Expectation;
}

interface Mismatch {
  key: string;
  peer: unknown;
  ours: unknown;
}

const converters = new Map<string, (s: string) => Date | null>();
function instant(local: string | null, zone: string): number | null {
  if (local === null) return null;
  let c = converters.get(zone);
  if (c === undefined) {
    c = makeLocalTimeConverter(zone);
    converters.set(zone, c);
  }
  const d = c(local);
  return d === null ? null : d.getTime();
}

function viewOf(r: ParseResult, zone: string): View {
  if (!r.ok) return { outcome: "reject", reason: r.reason };
  if (r.kind === "other") {
    return {
      outcome: "other",
      logType: r.logType,
      serial: r.serial,
      generatedUtc: instant(r.generatedTime, zone),
    };
  }
  const e: PanosEvent = r.event;
  const start = instant(e.startTime, zone);
  return {
    outcome: "event",
    ...e,
    generatedUtc: instant(e.generatedTime, zone),
    receiveUtc: instant(e.receiveTime, zone),
    startUtc: start,
    endUtc: start !== null && e.elapsed !== null ? start + e.elapsed * 1000 : null,
    threatRaw:
      e.threatId === null && e.threatName === null ? null : `${e.threatName ?? ""}(${e.threatId ?? ""})`.replace(/\s+/g, ""),
  };
}

/** JSON.parse that keeps integers beyond 2^53 exact by turning them into strings first. */
function parseJsonExact(text: string): unknown {
  return JSON.parse(text.replace(/("\s*:\s*)(-?\d{16,})(?=\s*[,}\n\r])/g, '$1"$2"'));
}

function flatten(o: Record<string, unknown>, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = v;
  }
  return out;
}

const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
const intOrNull = (v: unknown): number | null => (v === undefined || v === null || v === "" ? null : Number(v));
const isoMs = (v: unknown): number | null => (typeof v === "string" ? Date.parse(v) : null);

function lines(file: string): string[] {
  const text = fs.readFileSync(path.join(CORPUS, file), "utf8");
  const all = text.split("\n");
  if (all.length > 0 && all[all.length - 1] === "") all.pop();
  return all;
}

// ---------------------------------------------------------------------------
// Elastic (beats flat ECS and integrations nested ECS — flattened to the same keys)

function elasticExpectation(d: Record<string, unknown>): Expectation {
  const zone = str(d["event.timezone"]) ?? "UTC";
  const f = new Map<string, [unknown, Convention | null]>();
  const type = str(d["panw.panos.type"]);
  if (type !== "TRAFFIC" && type !== "THREAT") {
    f.set("logType", [type, null]);
    f.set("serial", [str(d["observer.serial_number"]), null]);
    f.set("generatedUtc", [isoMs(d["@timestamp"]), "zone"]);
    return { outcome: "other", fields: f, zone };
  }
  const threat = type === "THREAT";
  const set = (field: string, v: unknown, conv: Convention | null = null) => f.set(field, [v, conv]);
  set("logType", type);
  set("subtype", str(d["panw.panos.sub_type"]) ?? "");
  set("serial", str(d["observer.serial_number"]));
  set("srcIp", str(d["source.ip"]));
  set("dstIp", str(d["destination.ip"]));
  // Elastic drops NAT addresses unless the NAT flag is set, but keeps `0.0.0.0` when it is.
  for (const [field, key] of [["natSrcIp", "source.nat.ip"], ["natDstIp", "destination.nat.ip"]] as const) {
    const v = str(d[key]);
    set(field, v === "0.0.0.0" ? null : v, v === "0.0.0.0" ? "natZero" : null);
  }
  set("srcPort", intOrNull(d["source.port"]));
  set("dstPort", intOrNull(d["destination.port"]));
  set("natSrcPort", intOrNull(d["panw.panos.source.nat.port"] ?? d["source.nat.port"]));
  set("natDstPort", intOrNull(d["panw.panos.destination.nat.port"] ?? d["destination.nat.port"]));
  set("protocol", str(d["network.transport"]));
  set("rule", str(d["rule.name"]));
  set("app", str(d["network.application"]));
  set("vsys", str(d["panw.panos.virtual_sys"]));
  set("srcZone", str(d["observer.ingress.zone"]));
  set("dstZone", str(d["observer.egress.zone"]));
  set("inInterface", str(d["observer.ingress.interface.name"]));
  set("outInterface", str(d["observer.egress.interface.name"]));
  set("srcUser", str(d["source.user.name"]));
  set("dstUser", str(d["destination.user.name"]));
  set("action", str(d["panw.panos.action"]));
  set("sessionId", str(d["panw.panos.flow_id"]));
  if ("panw.panos.sequence_number" in d) set("sequence", str(d["panw.panos.sequence_number"]));
  if ("panw.panos.repeat_count" in d) set("repeatCount", intOrNull(d["panw.panos.repeat_count"]));
  set("category", str(d["panw.panos.url.category"]));
  set("deviceName", str(d["observer.hostname"]));
  set("generatedUtc", isoMs(d["@timestamp"]), "zone");
  if ("panw.panos.received_time" in d) set("receiveUtc", isoMs(d["panw.panos.received_time"]), "zone");
  if (threat) {
    set("severity", str(d["log.level"]));
    const dir = str(d["network.direction"]);
    set("threatDirection", dir === "inbound" ? "client-to-server" : dir === "outbound" ? "server-to-client" : dir, "direction");
    const name = str(d["panw.panos.threat.name"]);
    if (name === "URL-filtering" && d["panw.panos.threat.id"] === "9999") set("threatName", null, "urlFilteringName");
    else set("threatName", name);
    set("threatId", intOrNull(d["panw.panos.threat.id"]));
    set("url", str(d["panw.panos.threat.resource"] ?? d["url.original"]));
    set("srcLocation", str(d["source.geo.name"]));
    set("dstLocation", str(d["destination.geo.name"]));
    if ("panw.panos.threat_category" in d) set("threatCategory", str(d["panw.panos.threat_category"]));
  } else {
    set("bytes", intOrNull(d["network.bytes"]));
    set("bytesSent", intOrNull(d["source.bytes"]));
    set("bytesReceived", intOrNull(d["destination.bytes"]));
    set("packets", intOrNull(d["network.packets"]));
    set("packetsSent", intOrNull(d["source.packets"]));
    set("packetsReceived", intOrNull(d["destination.packets"]));
    set("sessionEndReason", str(d["panw.panos.endreason"]));
    set("startUtc", isoMs(d["event.start"]), "zone");
    set("endUtc", isoMs(d["event.end"]), "zone");
    const ns = d["event.duration"];
    set("elapsed", typeof ns === "number" ? ns / 1e9 : null, "durationNs");
  }
  return { outcome: "event", fields: f, zone };
}

function beatsCases(): Case[] {
  const dir = "elastic-beats";
  const out: Case[] = [];
  for (const name of fs.readdirSync(path.join(CORPUS, dir)).sort()) {
    if (!name.endsWith(".log") || !fs.existsSync(path.join(CORPUS, dir, `${name}-expected.json`))) continue;
    const file = `${dir}/${name}`;
    const input = lines(file);
    const expected = parseJsonExact(fs.readFileSync(path.join(CORPUS, `${file}-expected.json`), "utf8")) as Record<string, unknown>[];
    if (expected.length !== input.length) throw new Error(`${file}: ${input.length} lines vs ${expected.length} expected`);
    input.forEach((l, i) => out.push({ source: "elastic-beats", file, line: i + 1, input: l, exp: elasticExpectation(expected[i]) }));
  }
  return out;
}

function integrationsCases(): Case[] {
  const dir = "elastic-integrations";
  const out: Case[] = [];
  for (const name of fs.readdirSync(path.join(CORPUS, dir)).sort()) {
    if (!name.endsWith(".log")) continue;
    const file = `${dir}/${name}`;
    const input = lines(file);
    const expFile = path.join(CORPUS, `${file}-expected.json`);
    if (fs.existsSync(expFile)) {
      const docs = (parseJsonExact(fs.readFileSync(expFile, "utf8")) as { expected: Record<string, unknown>[] }).expected;
      input.forEach((l, i) => out.push({ source: "elastic-integrations", file, line: i + 1, input: l, exp: elasticExpectation(flatten(docs[i])) }));
    } else {
      // Excerpts without expected output (too large to copy): every line must parse.
      input.forEach((l, i) =>
        out.push({ source: "elastic-integrations (no expected)", file, line: i + 1, input: l, exp: { outcome: "event", fields: new Map(), zone: "UTC" } }),
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// jcustenborder: camelCase objects, null for empty, epoch seconds computed as UTC.

function jcustenborderCases(): Case[] {
  const out: Case[] = [];
  for (const sub of ["traffic", "threat"]) {
    const dir = `jcustenborder-palo-alto-syslog-parser/${sub}`;
    for (const name of fs.readdirSync(path.join(CORPUS, dir)).sort()) {
      if (!name.endsWith(".json")) continue;
      const file = `${dir}/${name}`;
      const c = parseJsonExact(fs.readFileSync(path.join(CORPUS, file), "utf8")) as {
        input: { rawMessage: string };
        expected: Record<string, unknown>;
      };
      const x = c.expected;
      const f = new Map<string, [unknown, Convention | null]>();
      const set = (field: string, key: string, map: (v: unknown) => unknown = str, conv: Convention | null = null) => {
        if (key in x) f.set(field, [map(x[key]), conv]);
      };
      const natMap = (v: unknown) => (v === "0.0.0.0" ? null : str(v));
      const secs = (v: unknown) => (typeof v === "number" ? Math.round(v * 1000) : null);
      set("logType", "type");
      set("subtype", "threatContentType");
      set("serial", "serialNumber");
      set("srcIp", "sourceIp");
      set("dstIp", "destinationIp");
      set("natSrcIp", "natSourceIp", natMap, x.natSourceIp === "0.0.0.0" ? "natZero" : null);
      set("natDstIp", "natDestinationIp", natMap, x.natDestinationIp === "0.0.0.0" ? "natZero" : null);
      set("rule", "ruleName");
      set("srcUser", "sourceUser");
      set("dstUser", "destinationUser");
      set("app", "application");
      set("vsys", "virtualSystem");
      set("srcZone", "sourceZone");
      set("dstZone", "destinationZone");
      set("inInterface", "inboundInterface");
      set("outInterface", "outboundInterface");
      set("sessionId", "sessionId");
      set("repeatCount", "repeatCount", intOrNull);
      set("srcPort", "sourcePort", intOrNull);
      set("dstPort", "destinationPort", intOrNull);
      set("natSrcPort", "natSourcePort", intOrNull);
      set("natDstPort", "natDestinationPort", intOrNull);
      set("protocol", "protocol");
      set("action", "action");
      set("bytes", "bytes", intOrNull);
      set("bytesSent", "bytesSent", intOrNull);
      set("bytesReceived", "bytesReceived", intOrNull);
      set("packets", "packets", intOrNull);
      set("packetsSent", "packetsSent", intOrNull);
      set("packetsReceived", "packetsReceived", intOrNull);
      set("elapsed", "elapsedTime", intOrNull);
      set("startUtc", "startTime", secs, "zone");
      set("sessionEndReason", "sessionEndReason");
      set("category", "category");
      set("url", "urlFilename");
      set("threatRaw", "threatId", (v) => (v === null || v === undefined ? null : String(v).replace(/\s+/g, "")), "threatRaw");
      set("severity", "severity");
      set("threatDirection", "direction");
      set("contentType", "contentType");
      set("fileDigest", "fileDigest");
      set("fileType", "fileType");
      set("reportId", "reportId");
      set("sequence", "sequenceNumber");
      set("srcLocation", "sourceLocation");
      set("dstLocation", "destinationLocation");
      set("deviceName", "deviceName");
      set("threatCategory", "threatCategory");
      set("generatedUtc", "generatedTime", secs, "zone");
      set("receiveUtc", "receiveTime", secs, "zone");
      out.push({
        source: "jcustenborder",
        file,
        line: 1,
        input: c.input.rawMessage,
        exp: { outcome: "event", fields: f, zone: "UTC" },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// crowdsec: `results["s01-parse"]["crowdsecurity/palo-alto-threat-log"][i].Evt.Parsed["k"] == "v"`

function crowdsecCases(): Case[] {
  const file = "crowdsec-hub/palo-alto-threat.log";
  const input = lines(file);
  const parsed: Record<string, string>[] = input.map(() => ({}));
  const marshaled: (string | null)[] = input.map(() => null);
  const re = /^results\["s01-parse"\]\["crowdsecurity\/palo-alto-threat-log"\]\[(\d+)\]\.Evt\.Parsed\["([^"]+)"\] == (".*")$/;
  const reTime = /^results\["s02-enrich"\]\["crowdsecurity\/dateparse-enrich"\]\[(\d+)\]\.Evt\.Enriched\["MarshaledTime"\] == (".*")$/;
  for (const l of fs.readFileSync(path.join(CORPUS, "crowdsec-hub/parser.assert"), "utf8").split("\n")) {
    let m = re.exec(l);
    if (m) parsed[Number(m[1])][m[2]] = JSON.parse(m[3]) as string;
    m = reTime.exec(l);
    if (m) marshaled[Number(m[1])] = JSON.parse(m[2]) as string;
  }
  // The grok captures these on every line; a key missing from the assertions means empty.
  const map: [string, string, ((v: string | null) => unknown)?, Convention?][] = [
    ["src_ip", "srcIp"],
    ["dst_ip", "dstIp"],
    ["nat_src_ip", "natSrcIp", (v) => (v === "0.0.0.0" ? null : v), "natZero"],
    ["nat_dst_ip", "natDstIp", (v) => (v === "0.0.0.0" ? null : v), "natZero"],
    ["src_port", "srcPort", intOrNull],
    ["dst_port", "dstPort", intOrNull],
    ["nat_src_port", "natSrcPort", intOrNull],
    ["nat_dst_port", "natDstPort", intOrNull],
    ["ip_proto", "protocol"],
    ["rule", "rule"],
    ["app", "app"],
    ["vsys", "vsys"],
    ["src_zone", "srcZone"],
    ["dst_zone", "dstZone"],
    ["ingress_int", "inInterface"],
    ["egress_int", "outInterface"],
    ["action", "action"],
    ["log_type", "logType"],
    ["log_subtype", "subtype"],
    ["serial_number", "serial"],
    ["session_id", "sessionId"],
    ["repeat_count", "repeatCount", intOrNull],
    ["threat_id", "threatRaw", (v) => (v === null ? null : v.replace(/\s+/g, "")), "threatRaw"],
    ["url_or_filename", "url"],
    ["url_category_or_wildfire_verdict", "category"],
    ["severity", "severity"],
    ["direction", "threatDirection"],
    ["log_seq_num", "sequence"],
    ["src_country", "srcLocation"],
    ["dst_country", "dstLocation"],
    ["file_hash", "fileDigest"],
    ["generation_timestamp", "generatedTime", (v) => (v === null ? null : v.replace(/^(\d{4})\/(\d\d)\/(\d\d)/, "$1-$2-$3")), "slashDate"],
  ];
  return input.map((l, i) => {
    const f = new Map<string, [unknown, Convention | null]>();
    for (const [key, field, conv, convName] of map) {
      const raw = parsed[i][key] ?? null;
      const v = conv ? conv(raw) : raw;
      // Count a convention only where it changed the peer's value (threatRaw is always a re-composition).
      f.set(field, [v, convName !== undefined && (v !== raw || convName === "threatRaw") ? convName : null]);
    }
    f.set("generatedUtc", [isoMs(marshaled[i]), "zone"]);
    return { source: "crowdsec", file, line: i + 1, input: l, exp: { outcome: "event" as const, fields: f, zone: "+02:00" } };
  });
}

// ---------------------------------------------------------------------------
// wazuh: only the outcome (wazuh's decoder accepts every line) and, in the
// "severity" sections, the severity of the THREAT line.

function wazuhCases(): Case[] {
  const file = "wazuh/paloalto.ini";
  const out: Case[] = [];
  let section = "";
  let lineNo = 0;
  for (const l of fs.readFileSync(path.join(CORPUS, file), "utf8").split("\n")) {
    lineNo++;
    const s = /^\[(.*)\]$/.exec(l);
    if (s) section = s[1];
    const m = /^log \d+ pass = (.*)$/.exec(l);
    if (!m) continue;
    const raw = m[1];
    const type = /\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d,[^,]*,([A-Z]+)(?=,|$)/.exec(raw)?.[1];
    const f = new Map<string, [unknown, Convention | null]>();
    const isEvent = type === "TRAFFIC" || type === "THREAT";
    f.set("logType", [type, null]);
    const sev = /^Palo Alto severity (\w+)/.exec(section)?.[1];
    if (type === "THREAT" && sev && !sev.includes("/")) f.set("severity", [sev, null]);
    out.push({ source: "wazuh", file, line: lineNo, input: raw, exp: { outcome: isEvent ? "event" : "other", fields: f, zone: "UTC" } });
  }
  return out;
}

// ---------------------------------------------------------------------------
// cribl: no expected output, but each sample has the full syslog line (`_raw`) and
// the payload Cribl extracted (`message`): both must parse to the same result.

function criblCases(): Case[] {
  const dir = "cribl-palo-alto-networks";
  const out: Case[] = [];
  for (const name of fs.readdirSync(path.join(CORPUS, dir)).sort()) {
    if (!name.endsWith(".json")) continue;
    const file = `${dir}/${name}`;
    const samples = JSON.parse(fs.readFileSync(path.join(CORPUS, file), "utf8")) as { _raw: string; message: string }[];
    samples.forEach((s, i) => {
      const ref = viewOf(parseLine(s.message), "UTC");
      const f = new Map<string, [unknown, Convention | null]>();
      for (const [k, v] of Object.entries(ref)) if (k !== "outcome") f.set(k, [v, null]);
      out.push({ source: "cribl (_raw vs message)", file, line: i + 1, input: s._raw, exp: { outcome: ref.outcome as "event", fields: f, zone: "UTC" } });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Row {
  source: string;
  lines: number;
  linesOk: number;
  fields: number;
  fieldsOk: number;
  allowed: number;
  viaConvention: number;
}

describe.skipIf(!HAVE_CORPUS)("PAN-OS parser conformance with peer test data", () => {
  it("matches every peer expectation or an explicit allow-list entry", () => {
    const cases = [...beatsCases(), ...integrationsCases(), ...jcustenborderCases(), ...crowdsecCases(), ...wazuhCases(), ...criblCases()];
    const rows = new Map<string, Row>();
    const unexpected: Mismatch[] = [];
    const usedAllow = new Set<string>();
    const conventionUse = new Map<Convention, number>();

    for (const c of cases) {
      const row = rows.get(c.source) ?? { source: c.source, lines: 0, linesOk: 0, fields: 0, fieldsOk: 0, allowed: 0, viaConvention: 0 };
      rows.set(c.source, row);
      row.lines++;
      const v = viewOf(parseLine(c.input), c.exp.zone);
      let lineOk = true;
      const check = (field: string, peer: unknown, ours: unknown, conv: Convention | null) => {
        row.fields++;
        if (same(peer, ours)) {
          row.fieldsOk++;
          if (conv) {
            row.viaConvention++;
            conventionUse.set(conv, (conventionUse.get(conv) ?? 0) + 1);
          }
          return;
        }
        const key = `${c.file}#${c.line}:${field}`;
        const a = ALLOW[key];
        if (a && same(a.peer, peer) && same(a.ours, ours)) {
          row.allowed++;
          usedAllow.add(key);
          return;
        }
        lineOk = false;
        unexpected.push({ key, peer, ours });
      };
      const outcomeOk = v.outcome === c.exp.outcome;
      check("outcome", c.exp.outcome, outcomeOk ? c.exp.outcome : v.outcome === "reject" ? `reject: ${String(v.reason)}` : v.outcome, null);
      if (v.outcome !== "reject") {
        for (const [field, [peer, conv]] of c.exp.fields) check(field, peer, v[field] ?? null, conv);
      }
      if (lineOk) row.linesOk++;
    }

    const table = [
      "| source | lines | lines passing | fields compared | fields equal | allow-listed | equal via convention | equal % | equal + allow-listed % |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ];
    const total: Row = { source: "**total**", lines: 0, linesOk: 0, fields: 0, fieldsOk: 0, allowed: 0, viaConvention: 0 };
    for (const r of [...rows.values(), total]) {
      if (r !== total) {
        total.lines += r.lines;
        total.linesOk += r.linesOk;
        total.fields += r.fields;
        total.fieldsOk += r.fieldsOk;
        total.allowed += r.allowed;
        total.viaConvention += r.viaConvention;
      }
      const pct = (x: number) => (r.fields === 0 ? "-" : `${((100 * x) / r.fields).toFixed(2)}%`);
      table.push(
        `| ${r.source} | ${r.lines} | ${r.linesOk} | ${r.fields} | ${r.fieldsOk} | ${r.allowed} | ${r.viaConvention} | ${pct(r.fieldsOk)} | ${pct(r.fieldsOk + r.allowed)} |`,
      );
    }
    console.log(`\nPAN-OS parser conformance (a line passes when every field is equal or allow-listed)\n${table.join("\n")}\n`);

    console.log(
      "Representation mappings used (equal fields):\n" +
        [...conventionUse].map(([k, n]) => `  ${k} ×${n}: ${CONVENTIONS[k]}`).join("\n") +
        "\n",
    );

    const stale = Object.keys(ALLOW).filter((k) => !usedAllow.has(k));
    if (unexpected.length > 0) {
      console.log(`Unexpected differences (${unexpected.length}):\n` + unexpected.slice(0, 200).map((m) => `  ${m.key}  peer=${JSON.stringify(m.peer)}  ours=${JSON.stringify(m.ours)}`).join("\n"));
    }
    expect(unexpected).toEqual([]);
    expect(stale, "allow-list entries that no longer match a difference (remove them)").toEqual([]);
  });
});
