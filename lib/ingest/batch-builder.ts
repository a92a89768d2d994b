import {
  F_ACTION, F_APP, F_CATEGORY, F_DST, F_DST_USER, F_DST_ZONE, F_PROTOCOL, F_RULE, F_SERIAL, F_SEVERITY, F_SRC, F_SRC_USER, F_SRC_ZONE,
  F_SUBTYPE, F_THREAT_NAME, F_TIME, F_URL, LANE_NONE, LANE_TRAFFIC, laneNum, laneRange, laneText, lineBytes, N_ALLOWED, N_BYTES,
  N_DST_PORT, N_DST_V4, N_PACKETS, N_PROTOCOL, N_REPEAT, N_SESSION, N_SRC_PORT, N_SRC_V4, N_THREAT_ID, N_TIME, parseBytes, parseLine, PROTOCOLS,
} from "./panos/parse";
import { ByteInterner } from "./byte-interner";
import { localDayKey } from "./panos/time";
import type { PanosEvent } from "./panos/types";
import { formatIPv4 } from "@/lib/geo/ip";
import { directionOf, type AddressInfo, type CustomerContext, type DeviceInfo } from "./context";
import { copyText } from "./copy-text";
import { RowsOut, textValue, uuidBytes } from "./copy-binary";
import type { Stamp } from "./stamp";
import { bump, cellOf, RollupBatch, threatKey, type Counts, type RollupRows } from "./rollups";
import type { AlertEvaluator, AlertFields, AlertMatch } from "@/lib/alerts/evaluator";

// The CPU half of an ingest batch: lines → parsed, enriched COPY rows, rejects, rollup counts,
// alert matches. No database access, so it runs on the main thread for small files or in
// worker threads (build-pool.ts) for big ones; ingest.ts writes the result in one transaction.

export const EVENT_COLUMNS = [
  "customer_id", "time", "file_id", "line_no", "device_id", "log_type", "subtype", "fn", "action", "allowed", "is_session",
  "repeat_count", "src_ip", "dst_ip", "src_port", "dst_port", "protocol", "app", "rule", "src_zone", "dst_zone", "src_user",
  "dst_user", "direction", "url", "category", "threat_id", "threat_name", "severity", "bytes", "packets", "src_country",
  "dst_country", "src_org", "dst_org",
].join(", ");
const EVENT_COLUMN_COUNT = EVENT_COLUMNS.split(", ").length;

const THREAT_FUNCTIONS = new Set(["vulnerability", "spyware", "virus", "wildfire"]);
const EXCERPT = 200;
const NULL = "\\N";

/** What one batch of lines became; plain data (crosses worker threads by structured clone). */
export interface BuiltBatch {
  /** first and last line numbers of the batch (blank lines included) */
  firstLine: number;
  lastLine: number;
  /** non-blank lines */
  lineCount: number;
  accepted: number;
  rejected: number;
  other: number;
  /** binary COPY rows of events (copy-binary.ts; no header or trailer), by UTC month (the partition) */
  events: { month: string; rows: Buffer[] }[];
  rejects: string;
  raws: string;
  rollups: RollupRows;
  /** device id → timestamptz text of its newest event in the batch */
  lastSeen: [string, string][];
  alertMatches: AlertMatch[];
}

export class BatchBuilder {
  private readonly byteLane: boolean;
  constructor(
    private readonly ctx: CustomerContext,
    /** matches alert rules here; grouping into alerts happens in the writer, in file order */
    private readonly alerts: AlertEvaluator | null,
    /** byteLane false: every line through parseLine (the tests compare both lanes) */
    opts: { byteLane?: boolean } = {},
  ) {
    this.byteLane = opts.byteLane ?? true;
  }

  private readonly lane: LaneCaches = { strings: new ByteInterner(), v4: new Map(), portCells: new Map() };

  /**
   * Builds one batch from its bytes: whole lines, the first numbered `firstLine`. Lines are read
   * from the bytes on the byte lane (parseBytes); a line it does not take is decoded and parsed
   * as text. Rows are written as bytes as they go, so a batch never holds its text twice.
   */
  build(fileId: string, firstLine: number, bytes: Buffer): BuiltBatch {
    const b = new Builder(this.ctx, this.alerts, fileId, this.lane);
    const len = bytes.length;
    let lineNo = firstLine;
    for (let start = 0; start < len; lineNo++) {
      let end = bytes.indexOf(0x0a, start);
      const next = end < 0 ? len : end + 1;
      if (end < 0) end = len;
      if (end > start && bytes[end - 1] === 13) end--; // CRLF
      const first = bytes[start]!;
      if (end > start && first > 32 && first < 128) {
        // Starts with a visible ASCII character: not blank.
        if (!this.byteLane || !b.addBytes(lineNo, bytes, start, end)) b.add(lineNo, bytes.toString("utf8", start, end));
      } else if (end > start) {
        const line = bytes.toString("utf8", start, end);
        if (line.trim().length !== 0) b.add(lineNo, line);
      }
      start = next;
    }
    return b.result(firstLine, lineNo - 1);
  }
}

/** Text columns from protocol to the destination user, in EVENT_COLUMNS order. */
const LANE_TEXT_1 = [F_PROTOCOL, F_APP, F_RULE, F_SRC_ZONE, F_DST_ZONE, F_SRC_USER, F_DST_USER];
const V4_CACHE_LIMIT = 500_000;
const NO_CELL: number[] = [];

interface V4Address {
  ip: string;
  info: AddressInfo;
  /** the country and organisation columns' values (textValue), made once per address */
  country: Uint8Array | null;
  org: Uint8Array | null;
  /** the address's count cell in the source counts, valid while the builder's dimsEpoch is srcEpoch */
  srcEpoch: number;
  srcCell: number[];
  dstEpoch: number;
  dstCell: number[];
}

interface PortCells {
  /** the cells belong to the counts of this epoch (another batch or month: looked up again) */
  epoch: number;
  port: number[];
  dirPort: number[];
}

/**
 * Byte-lane caches kept from batch to batch (a build thread's batches are of one customer):
 * addresses with their facts, port combinations, interned field strings. Count cells in them
 * are tied to an epoch, not to a batch's maps, so an entry never keeps an old batch's counts alive.
 */
interface LaneCaches {
  strings: ByteInterner;
  /** by the address as a signed 32-bit number (always a small integer to V8: no boxed keys) */
  v4: Map<number, V4Address>;
  portCells: Map<number, PortCells>;
}

/** Epochs of count maps: a new one each time a builder starts counting into other maps. */
let nextEpoch = 1;

const DIRECTION_CODES = [null, "inbound", "outbound", "internal", "external"];
/** Column values the byte lane writes on every line, made once. */
const TRAFFIC_VALUE = textValue("TRAFFIC");
const THREAT_VALUE = textValue("THREAT");
const FIREWALL_VALUE = textValue("firewall");
const URL_VALUE = textValue("url");
const DIRECTION_VALUES = new Map(DIRECTION_CODES.map((d) => [d, textValue(d)]));

function orNull(v: number): number | null {
  return v < 0 ? null : v;
}

/** YYYYMMDDHHMMSS → "YYYY-MM-DD HH:MM:SS". */
function localTimeText(t: number): string {
  const s = String(t);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}`;
}

/** A byte-lane line as the alert rules see it; the URL and threat name become strings only if a rule reads them. */
class LaneEvent implements AlertFields {
  fn: AlertFields["fn"] = null;
  isSession = true;
  subtype = "";
  action = "";
  severity: string | null = null;
  category: string | null = null;
  threatId: number | null = null;
  srcIp: string | null = null;
  dstIp: string | null = null;
  urlStart = -1;
  urlEnd = -1;
  nameStart = -1;
  nameEnd = -1;
  get url(): string | null {
    return this.urlStart < 0 ? null : laneText(this.urlStart, this.urlEnd);
  }
  get threatName(): string | null {
    return this.nameStart < 0 ? null : laneText(this.nameStart, this.nameEnd);
  }
}

/** The stamper's text of a byte-lane line's time, made only if a rule reads it. */
class LaneTime {
  time = 0;
  offset = "";
  get text(): string {
    return localTimeText(this.time) + this.offset;
  }
}

class Builder {
  lineCount = 0;
  accepted = 0;
  rejected = 0;
  other = 0;
  private readonly months = new Map<string, RowsOut>();
  private lastMonth = "";
  private lastRows: RowsOut | null = null;
  private readonly rejects: string[] = [];
  private readonly raws: string[] = [];
  private readonly rollups = new RollupBatch();
  private readonly lastSeen = new Map<string, string>();
  private readonly matches: AlertMatch[] = [];

  /** the row's customer_id and file_id in their binary form */
  private readonly customerUuid: Uint8Array;
  private readonly fileNumber: number;

  constructor(
    private readonly ctx: CustomerContext,
    private readonly alerts: AlertEvaluator | null,
    private readonly fileId: string,
    lane: LaneCaches,
  ) {
    this.strings = lane.strings;
    this.v4 = lane.v4;
    this.portCells = lane.portCells;
    this.customerUuid = uuidBytes(ctx.customerId);
    this.fileNumber = Number(fileId);
    if (!Number.isSafeInteger(this.fileNumber)) throw new Error(`file id ${fileId} is not a number`);
  }

  private readonly deviceUuids = new Map<string, Uint8Array>();
  private lastDeviceId = "";
  private lastDeviceUuid: Uint8Array = new Uint8Array(16);

  /** A device id in its binary form (the same device line after line: compared, not looked up). */
  private deviceUuid(id: string): Uint8Array {
    if (id === this.lastDeviceId) return this.lastDeviceUuid;
    let bytes = this.deviceUuids.get(id);
    if (bytes === undefined) this.deviceUuids.set(id, (bytes = uuidBytes(id)));
    this.lastDeviceId = id;
    return (this.lastDeviceUuid = bytes);
  }

  result(firstLine: number, lastLine: number): BuiltBatch {
    this.settleSeen();
    if (this.seenDevice !== "") this.lastSeen.set(this.seenDevice, this.seenText);
    return {
      firstLine,
      lastLine,
      lineCount: this.lineCount,
      accepted: this.accepted,
      rejected: this.rejected,
      other: this.other,
      events: [...this.months].map(([month, rows]) => ({ month, rows: rows.flush() })),
      rejects: this.rejects.join(""),
      raws: this.raws.join(""),
      rollups: this.rollups.rows(),
      lastSeen: [...this.lastSeen],
      alertMatches: this.matches,
    };
  }

  private reject(lineNo: number, reason: string, line: string): void {
    this.rejected++;
    this.rejects.push(`${this.fileId}\t${this.ctx.customerId}\t${lineNo}\t${copyText(reason)}\t${copyText(line.slice(0, EXCERPT))}\n`);
  }

  add(lineNo: number, line: string): void {
    this.lineCount++;
    const r = parseLine(line);
    if (!r.ok) return this.reject(lineNo, r.reason, r.excerpt ?? line);
    const device = this.deviceFor(r.kind === "event" ? r.event.serial : r.serial);
    if (!device) {
      const serial = r.kind === "event" ? r.event.serial : r.serial;
      return this.reject(lineNo, serial ? `unknown serial ${serial}: no device of customer ${this.ctx.slug} has it` : "no serial in the line and the customer has several devices", line);
    }
    if (r.kind === "other") {
      const t = r.generatedTime ? device.toUtc(r.generatedTime) : null;
      this.other++;
      this.accepted++; // kept: accepted + rejected always equals the lines read
      this.raws.push(`${this.fileId}\t${lineNo}\t${this.ctx.customerId}\t${device.id}\t${copyText(r.logType)}\t${t ? t.toISOString() : NULL}\t${copyText(line)}\n`);
      return;
    }
    const ev = r.event;
    const time = device.stamp(ev.generatedTime);
    if (!time) return this.reject(lineNo, `generated time "${ev.generatedTime}" is not a valid time`, line);
    this.accepted++;
    const src = ev.srcIp ? this.ctx.address(ev.srcIp) : null;
    const dst = ev.dstIp ? this.ctx.address(ev.dstIp) : null;
    const direction = directionOf(src, dst);
    this.writeRow(this.rowsOf(time.utcMonth), lineNo, ev, device, time, src, dst, direction);
    this.count(ev, device, time, direction);
    // Same device, same zone: local wall times compare as text (off only inside a DST fall-back hour).
    if (device.id !== this.seenDevice) this.switchSeen(device.id);
    if (time.text > this.seenText) this.seenText = time.text;
    if (this.alerts !== null) {
      const rule = this.alerts.match(ev, time, direction);
      if (rule !== null) this.matches.push({ ruleId: rule.id, event: ev, time: time.text, direction, lineNo, deviceId: device.id });
    }
  }

  // Byte lane (parseBytes): strings only for map keys, found by their bytes or their number.
  private readonly strings: ByteInterner;
  private readonly v4: Map<number, V4Address>;
  private readonly probe = new LaneEvent();
  private readonly probeTime = new LaneTime();
  private laneDayKey = -1;
  private laneDay = "";

  /**
   * Adds a line from its bytes, as add() would add its text; false (and nothing changed) when
   * the byte lane does not take it: then the caller passes the line's text to add().
   */
  addBytes(lineNo: number, bytes: Buffer, s: number, e: number): boolean {
    const lane = parseBytes(bytes, s, e);
    if (lane === LANE_NONE) return false;
    const R = laneRange;
    const N = laneNum;
    const L = lineBytes;
    const device = this.laneDevice();
    // Another zone than the customer's: the day is worked out from the UTC time (add()).
    if (device === undefined || device.timezone !== this.ctx.timezone) return false;
    const t = N[N_TIME]!;
    const hour = device.hour(Math.floor(t / 10000));
    if (hour === false || hour.offset === null || hour.utcMonth === null) return false;
    // From here on the line is accepted, as add() would accept it.
    this.lineCount++;
    this.accepted++;
    const traffic = lane === LANE_TRAFFIC;
    const fn = traffic ? "firewall" : "url";
    const allowed = N[N_ALLOWED] === 1;
    const isSession = N[N_SESSION] === 1;
    const src = N[N_SRC_V4]! >= 0 ? this.v4Address(N[N_SRC_V4]!) : null;
    const dst = N[N_DST_V4]! >= 0 ? this.v4Address(N[N_DST_V4]!) : null;
    const direction = directionOf(src?.info ?? null, dst?.info ?? null);

    // The row, in EVENT_COLUMNS order (as writeRow).
    const o = this.rowsOf(hour.utcMonth);
    o.beginRow(EVENT_COLUMN_COUNT);
    o.uuid(this.customerUuid);
    o.timestamptz(hour.startMs + (Math.floor(t / 100) % 100) * 60_000 + (t % 100) * 1000);
    o.int8(this.fileNumber);
    o.int8(lineNo);
    o.uuid(this.deviceUuid(device.id));
    o.value(traffic ? TRAFFIC_VALUE : THREAT_VALUE);
    o.range(L, R[2 * F_SUBTYPE]!, R[2 * F_SUBTYPE + 1]!);
    o.value(traffic ? FIREWALL_VALUE : URL_VALUE);
    o.range(L, R[2 * F_ACTION]!, R[2 * F_ACTION + 1]!);
    o.bool(allowed);
    o.bool(isSession);
    o.int4(N[N_REPEAT]!);
    if (src !== null) o.inet4(N[N_SRC_V4]!);
    else o.nul();
    if (dst !== null) o.inet4(N[N_DST_V4]!);
    else o.nul();
    o.int4(orNull(N[N_SRC_PORT]!));
    o.int4(orNull(N[N_DST_PORT]!));
    for (const f of LANE_TEXT_1) o.range(L, R[2 * f]!, R[2 * f + 1]!);
    o.value(DIRECTION_VALUES.get(direction)!);
    o.range(L, R[2 * F_URL]!, R[2 * F_URL + 1]!);
    o.range(L, R[2 * F_CATEGORY]!, R[2 * F_CATEGORY + 1]!);
    o.int8(orNull(N[N_THREAT_ID]!));
    o.range(L, R[2 * F_THREAT_NAME]!, R[2 * F_THREAT_NAME + 1]!);
    o.range(L, R[2 * F_SEVERITY]!, R[2 * F_SEVERITY + 1]!);
    o.int8(orNull(N[N_BYTES]!));
    o.int8(orNull(N[N_PACKETS]!));
    o.value(src === null ? null : src.country);
    o.value(dst === null ? null : dst.country);
    o.value(src === null ? null : src.org);
    o.value(dst === null ? null : dst.org);
    o.endRow();

    // Rollup counts (as count()).
    if (!traffic || isSession) {
      const n = N[N_REPEAT]!;
      const dayKey = Math.floor(t / 1e6);
      if (dayKey !== this.laneDayKey) {
        const a = R[2 * F_TIME]!;
        this.laneDayKey = dayKey;
        this.laneDay = `${laneText(a, a + 4)}-${laneText(a + 5, a + 7)}-${laneText(a + 8, a + 10)}`;
      }
      if (this.laneDay !== this.lastDay) this.dayChanged(this.laneDay);
      const bytesN = N[N_BYTES]!;
      this.rollups.addDaily(this.lastDay, this.slotKey(fn, allowed, device.id), n, bytesN < 0 ? 0 : bytesN);
      if (traffic) {
        if (src !== null) {
          if (src.srcEpoch !== this.dimsEpoch) {
            src.srcCell = cellOf(this.fwSrc, src.ip);
            src.srcEpoch = this.dimsEpoch;
          }
          src.srcCell[0]! += n;
        }
        if (dst !== null) {
          if (dst.dstEpoch !== this.dimsEpoch) {
            dst.dstCell = cellOf(this.fwDst, dst.ip);
            dst.dstEpoch = this.dimsEpoch;
          }
          dst.dstCell[0]! += n;
        }
        const dstPort = N[N_DST_PORT]!;
        if (dstPort >= 0) this.countPort(dstPort, direction, allowed, n);
      } else bump(this.urlCategory, this.laneString(F_CATEGORY) ?? "unknown", n);
    }

    if (device.id !== this.seenDevice) this.switchSeen(device.id);
    if (t > this.seenLaneTime) {
      this.seenLaneTime = t;
      this.seenLaneOffset = hour.offset;
    }

    if (this.alerts !== null) {
      const p = this.probe;
      p.fn = fn;
      p.isSession = isSession;
      p.subtype = this.laneString(F_SUBTYPE)!;
      p.action = this.laneString(F_ACTION)!;
      p.severity = this.laneString(F_SEVERITY);
      p.category = this.laneString(F_CATEGORY);
      p.threatId = orNull(N[N_THREAT_ID]!);
      p.srcIp = src?.ip ?? null;
      p.dstIp = dst?.ip ?? null;
      p.urlStart = R[2 * F_URL]!;
      p.urlEnd = R[2 * F_URL + 1]!;
      p.nameStart = R[2 * F_THREAT_NAME]!;
      p.nameEnd = R[2 * F_THREAT_NAME + 1]!;
      this.probeTime.time = t;
      this.probeTime.offset = hour.offset;
      const rule = this.alerts.match(p, this.probeTime, direction);
      if (rule !== null) {
        // Rare: the match keeps the whole event, made by parseLine as add() would have made it.
        const r = parseLine(bytes.toString("utf8", s, e));
        if (r.ok && r.kind === "event") this.matches.push({ ruleId: rule.id, event: r.event, time: this.probeTime.text, direction, lineNo, deviceId: device.id });
      }
    }
    return true;
  }

  // Port counts of the byte lane: port, protocol, direction and verdict in one number, mapped to
  // the two count cells they add to (one lookup instead of six).
  private readonly portCells: Map<number, PortCells>;

  private countPort(dstPort: number, direction: string | null, allowed: boolean, n: number): void {
    const proto = dstPort > 0xffff ? -1 : laneNum[N_PROTOCOL]!;
    if (proto < 0) {
      // Another protocol (or no real port): by its string.
      const port = this.portKey(dstPort, this.laneString(F_PROTOCOL));
      bump(this.fwPort, port, n);
      bump(this.fwDirPort, this.dirPortKey(direction, port, allowed), n);
      return;
    }
    const key = ((dstPort * 4 + proto) * 8 + DIRECTION_CODES.indexOf(direction)) * 2 + (allowed ? 1 : 0);
    let c = this.portCells.get(key);
    if (c === undefined) this.portCells.set(key, (c = { epoch: 0, port: NO_CELL, dirPort: NO_CELL }));
    if (c.epoch !== this.dimsEpoch) {
      const port = this.portKey(dstPort, PROTOCOLS[proto] ?? null);
      c.epoch = this.dimsEpoch;
      c.port = cellOf(this.fwPort, port);
      c.dirPort = cellOf(this.fwDirPort, this.dirPortKey(direction, port, allowed));
    }
    c.port[0]! += n;
    c.dirPort[0]! += n;
  }

  /** The string of a lane field (interned), null when the field is. */
  private laneString(slot: number): string | null {
    const a = laneRange[2 * slot]!;
    return a < 0 ? null : this.strings.get(lineBytes, a, laneRange[2 * slot + 1]!, laneText);
  }

  private laneDevice(): DeviceInfo | undefined {
    const a = laneRange[2 * F_SERIAL]!;
    const b = laneRange[2 * F_SERIAL + 1]!;
    const last = this.lastSerial;
    if (a >= 0 && last !== null && last.length === b - a) {
      let same = true;
      for (let i = 0; i < last.length && same; i++) same = last.charCodeAt(i) === lineBytes[a + i];
      if (same) return this.lastDevice;
    }
    return this.deviceFor(a < 0 ? null : laneText(a, b));
  }

  private v4Address(n: number): V4Address {
    let entry = this.v4.get(n | 0);
    if (entry === undefined) {
      if (this.v4.size >= V4_CACHE_LIMIT) this.v4.clear();
      const ip = formatIPv4(n); // the field's text: the lane takes only canonical IPv4
      const info = this.ctx.address(ip);
      entry = { ip, info, country: textValue(info.country), org: textValue(info.org), srcEpoch: 0, srcCell: NO_CELL, dstEpoch: 0, dstCell: NO_CELL };
      this.v4.set(n | 0, entry);
    }
    return entry;
  }

  // The newest time of the current device is kept in fields (consecutive lines nearly always
  // come from one device), and goes to lastSeen when the device changes or the batch ends.
  private seenDevice = "";
  private seenText = "";

  // Byte-lane lines keep their newest time as the number YYYYMMDDHHMMSS and its offset; it
  // becomes text only when the device changes or the batch ends. Within one offset, numeric
  // order is the text order; lines in an hour of two offsets (DST) take the text lane.
  private seenLaneTime = 0;
  private seenLaneOffset = "";

  private settleSeen(): void {
    if (this.seenLaneTime === 0) return;
    const text = localTimeText(this.seenLaneTime) + this.seenLaneOffset;
    if (text > this.seenText) this.seenText = text;
    this.seenLaneTime = 0;
  }

  private switchSeen(deviceId: string): void {
    this.settleSeen();
    if (this.seenDevice !== "") this.lastSeen.set(this.seenDevice, this.seenText);
    this.seenDevice = deviceId;
    this.seenText = this.lastSeen.get(deviceId) ?? "";
  }

  private rowsOf(month: string): RowsOut {
    if (month === this.lastMonth && this.lastRows !== null) return this.lastRows;
    let rows = this.months.get(month);
    if (!rows) this.months.set(month, (rows = new RowsOut()));
    this.lastMonth = month;
    this.lastRows = rows;
    return rows;
  }

  private lastSerial: string | null = null;
  private lastDevice: DeviceInfo | undefined = undefined;

  private deviceFor(serial: string | null): DeviceInfo | undefined {
    // Consecutive lines nearly always come from one device: compare instead of hashing the serial.
    if (serial === this.lastSerial && serial !== null) return this.lastDevice;
    if (serial && serial !== "no-serial") {
      this.lastSerial = serial;
      return (this.lastDevice = this.ctx.devices.get(serial));
    }
    // A forwarder that strips the serial: unambiguous only when the customer has one device.
    return this.ctx.devices.size === 1 ? this.ctx.devices.values().next().value : undefined;
  }

  /** The event's row, in EVENT_COLUMNS order. */
  private writeRow(o: RowsOut, lineNo: number, ev: PanosEvent, device: DeviceInfo, time: Stamp, src: AddressInfo | null, dst: AddressInfo | null, direction: string | null): void {
    o.beginRow(EVENT_COLUMN_COUNT);
    o.uuid(this.customerUuid);
    o.timestamptz(time.ms);
    o.int8(this.fileNumber);
    o.int8(lineNo);
    o.uuid(this.deviceUuid(device.id));
    o.text(ev.logType);
    o.text(ev.subtype);
    o.text(ev.fn);
    o.text(ev.action);
    o.bool(ev.allowed);
    o.bool(ev.isSession);
    o.int4(ev.repeatCount);
    o.inet(ev.srcIp);
    o.inet(ev.dstIp);
    o.int4(ev.srcPort);
    o.int4(ev.dstPort);
    o.text(ev.protocol);
    o.text(ev.app);
    o.text(ev.rule);
    o.text(ev.srcZone);
    o.text(ev.dstZone);
    o.text(ev.srcUser);
    o.text(ev.dstUser);
    o.text(direction);
    o.text(ev.url);
    o.text(ev.category);
    o.int8(ev.threatId);
    o.text(ev.threatName);
    o.text(ev.severity);
    o.int8(ev.bytes);
    o.int8(ev.packets);
    o.text(src?.country);
    o.text(dst?.country);
    o.text(src?.org);
    o.text(dst?.org);
    o.endRow();
  }

  // Per-line keys are cached: the same few strings recur on every line, and a cached string
  // keeps its hash, so the Map lookups below allocate nothing.
  private lastDay = "";
  private dims: Map<string, Counts> = new Map();
  /** changes whenever dims does: count cells held by the lane caches are valid in their own epoch only */
  private dimsEpoch = 0;
  private fwSrc: Counts = new Map();
  private fwDst: Counts = new Map();
  private fwPort: Counts = new Map();
  private fwDirPort: Counts = new Map();
  private urlCategory: Counts = new Map();
  // Keys are looked up by parts that are already map keys (constant function and direction
  // names, device ids, cached port keys): a key concatenated per line would be flattened and
  // hashed on every line.
  private readonly slotKeys = new Map<string, Map<string, [string, string]>>();
  private readonly portKeys = new Map<number, Map<string, string>>();
  private readonly dirPortKeys = new Map<string, Map<string, [string, string]>>();
  private lastSlotFn = "";
  private lastSlotDevice = "";
  private lastSlot: [string, string] = ["", ""];

  private slotKey(fn: string, allowed: boolean, deviceId: string): string {
    if (fn !== this.lastSlotFn || deviceId !== this.lastSlotDevice) {
      let byDevice = this.slotKeys.get(fn);
      if (byDevice === undefined) this.slotKeys.set(fn, (byDevice = new Map()));
      let pair = byDevice.get(deviceId);
      if (pair === undefined) byDevice.set(deviceId, (pair = [fn + "|0|" + deviceId, fn + "|1|" + deviceId]));
      this.lastSlotFn = fn;
      this.lastSlotDevice = deviceId;
      this.lastSlot = pair;
    }
    return this.lastSlot[allowed ? 1 : 0];
  }

  private portKey(port: number, protocol: string | null): string {
    let byProto = this.portKeys.get(port);
    if (byProto === undefined) this.portKeys.set(port, (byProto = new Map()));
    const p = protocol ?? "";
    let key = byProto.get(p);
    if (key === undefined) byProto.set(p, (key = port + "/" + p));
    return key;
  }

  private dirPortKey(direction: string | null, port: string, allowed: boolean): string {
    const d = direction ?? "unknown";
    let byPort = this.dirPortKeys.get(d);
    if (byPort === undefined) this.dirPortKeys.set(d, (byPort = new Map()));
    let pair = byPort.get(port);
    if (pair === undefined) byPort.set(port, (pair = [d + "|" + port + "|deny", d + "|" + port + "|allow"]));
    return pair[allowed ? 1 : 0];
  }

  private dayChanged(day: string): void {
    this.lastDay = day;
    const dims = this.rollups.month(day.slice(0, 7) + "-01");
    if (dims !== this.dims) {
      this.dims = dims;
      this.dimsEpoch = nextEpoch++;
    }
    this.fwSrc = RollupBatch.dimension(this.dims, "fw.src");
    this.fwDst = RollupBatch.dimension(this.dims, "fw.dst");
    this.fwPort = RollupBatch.dimension(this.dims, "fw.port");
    this.fwDirPort = RollupBatch.dimension(this.dims, "fw.dir_port");
    this.urlCategory = RollupBatch.dimension(this.dims, "url.category");
  }

  /** Rollup counts: a session counts once (TRAFFIC start logs are not sessions), weighted by repeat count. */
  private count(ev: PanosEvent, device: DeviceInfo, time: Stamp, direction: string | null): void {
    const fn = ev.fn;
    if (!fn || (fn === "firewall" && !ev.isSession)) return;
    const n = ev.repeatCount;
    const local = ev.generatedTime;
    // Same zone for device and customer (the usual case): the local day is in the log already.
    let day: string;
    if (device.timezone === this.ctx.timezone && local.length >= 10 && local.charCodeAt(4) === 45 && local.charCodeAt(10) === 32) {
      // Same day as the last line (nearly always): no day string cut from the line.
      day = this.lastDay !== "" && local.startsWith(this.lastDay) ? this.lastDay : local.slice(0, 10);
    } else day = localDayKey(new Date(time.text.replace(" ", "T")), this.ctx.timezone);
    if (day !== this.lastDay) this.dayChanged(day);
    this.rollups.addDaily(day, this.slotKey(fn, ev.allowed, device.id), n, ev.bytes ?? 0);
    if (fn === "firewall") {
      if (ev.srcIp) bump(this.fwSrc, ev.srcIp, n);
      if (ev.dstIp) bump(this.fwDst, ev.dstIp, n);
      if (ev.dstPort !== null) {
        const port = this.portKey(ev.dstPort, ev.protocol);
        bump(this.fwPort, port, n);
        bump(this.fwDirPort, this.dirPortKey(direction, port, ev.allowed), n);
      }
    } else if (fn === "url") {
      bump(this.urlCategory, ev.category ?? "unknown", n);
    } else if (THREAT_FUNCTIONS.has(fn)) {
      const id = ev.threatId ?? "";
      const dims = this.dims;
      RollupBatch.add(dims, "threat", threatKey(fn, ev.threatId, ev.severity, ev.threatName), n);
      if (ev.srcIp) RollupBatch.add(dims, "threat.src", fn + "|" + id + "|" + ev.srcIp, n);
      if (ev.dstIp) RollupBatch.add(dims, "threat.dst", fn + "|" + id + "|" + ev.dstIp, n);
    }
  }
}
