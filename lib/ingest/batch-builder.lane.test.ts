import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AlertEvaluator, AlertFields, EventTime } from "@/lib/alerts/evaluator";
import { tempDirs } from "@/lib/testing/temp-dirs";
import { BatchBuilder, type BuiltBatch } from "./batch-builder";
import { CustomerContext, timeConverters, type DeviceInfo } from "./context";
import { writeMonth } from "./generate";
import { mutatedLine } from "./panos/fuzz-lines";
import { LANE_NONE, parseBytes, parseLine } from "./panos/parse";
import { systemLine, threatLine, trafficLine } from "./test-lines";

// The byte lane (parseBytes + BatchBuilder.addBytes) must build exactly what the text lane
// (parseLine + add) builds: the same COPY bytes, rollup counts, newest times, rejects, kept
// lines and alert matches, for every line. Each test builds the same bytes both ways.

const dir = tempDirs()("mamori-lane-");
const CUSTOMER = "00000000-0000-4000-8000-000000000001";

function device(n: number, serial: string, timezone = "Asia/Tokyo"): DeviceInfo {
  return { id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, serial, hostname: serial, timezone, ...timeConverters(timezone) };
}

function context(devices: DeviceInfo[], timezone = "Asia/Tokyo"): CustomerContext {
  return new CustomerContext(CUSTOMER, "c", timezone, new Map(devices.map((d) => [d.serial, d])), ["192.0.2.0/24", "10.0.0.0/8", "2001:db8::/32"]);
}

/**
 * A stand-in for the alert rules that reads every field a rule may read (and the time, which
 * list rules read) and matches about a third of the events. What it saw is recorded, so the two
 * lanes must show the rules the same values, not only reach the same verdicts.
 */
function recordingRules(): { rules: AlertEvaluator; seen: string[] } {
  const seen: string[] = [];
  const rules = {
    match(ev: AlertFields, time: EventTime, direction: string | null) {
      const text = time instanceof Date ? time.toISOString() : time.text;
      const fields = [ev.fn, ev.isSession, ev.subtype, ev.action, ev.severity, ev.category, ev.threatId, ev.threatName, ev.srcIp, ev.dstIp, ev.url, text, direction];
      const key = JSON.stringify(fields);
      seen.push(key);
      let h = 0;
      for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
      return (h >>> 0) % 3 === 0 ? { id: `rule-${(h >>> 0) % 5}` } : null;
    },
  };
  return { rules: rules as unknown as AlertEvaluator, seen };
}

function comparable(b: BuiltBatch) {
  return { ...b, events: b.events.map((e) => ({ month: e.month, rows: Buffer.concat(e.rows).toString("hex") })) };
}

/** Builds the bytes on both lanes (with and without alert rules) and expects the same batches. */
function expectSameOnBothLanes(ctx: CustomerContext, bytes: Buffer, firstLine = 1): BuiltBatch {
  const text = new BatchBuilder(ctx, null, { byteLane: false }).build("42", firstLine, bytes);
  const lane = new BatchBuilder(ctx, null).build("42", firstLine, bytes);
  expect(comparable(lane)).toEqual(comparable(text));
  const a = recordingRules();
  const b = recordingRules();
  const textAlerts = new BatchBuilder(ctx, a.rules, { byteLane: false }).build("42", firstLine, bytes);
  const laneAlerts = new BatchBuilder(ctx, b.rules).build("42", firstLine, bytes);
  expect(b.seen).toEqual(a.seen);
  expect(laneAlerts.alertMatches).toEqual(textAlerts.alertMatches);
  return text;
}

/** How many of the lines the byte lane takes by itself (the rest it hands to parseLine). */
function onLane(bytes: Buffer): { lines: number; lane: number } {
  let lines = 0;
  let lane = 0;
  for (let s = 0; s < bytes.length; ) {
    let e = bytes.indexOf(0x0a, s);
    if (e < 0) e = bytes.length;
    lines++;
    if (parseBytes(bytes, s, e) !== LANE_NONE) lane++;
    s = e + 1;
  }
  return { lines, lane };
}

describe("the ingest's byte lane", () => {
  it("builds a generated month's lines exactly as the text lane, and takes nearly all of them", async () => {
    const file = path.join(dir, "month.log");
    await writeMonth({ month: "2021-12", scale: 0.0005, serial: "013201009999", deviceName: "sample-utm", timeZone: "Asia/Tokyo", seed: 7 }, file);
    const bytes = fs.readFileSync(file);
    const built = expectSameOnBothLanes(context([device(1, "013201009999")]), bytes);
    expect(built.accepted).toBeGreaterThan(20_000);
    const { lines, lane } = onLane(bytes);
    expect(lane / lines).toBeGreaterThan(0.99);

    // One builder per lane over many batches, as a build thread works: the byte lane's caches
    // (addresses, ports, strings and their count cells) carry over from batch to batch and
    // across the month boundary (the last day's evening is next month in UTC).
    const ctx = context([device(1, "013201009999")]);
    const textBuilder = new BatchBuilder(ctx, null, { byteLane: false });
    const laneBuilder = new BatchBuilder(ctx, null);
    const cuts = bytes.toString("latin1").split("\n");
    let first = 1;
    for (const size of [997, 4001, 50, 12_000, 997, 1e9]) {
      if (first > cuts.length) break;
      const part = Buffer.from(cuts.slice(first - 1, first - 1 + size).join("\n") + "\n", "latin1");
      expect(comparable(laneBuilder.build("42", first, part))).toEqual(comparable(textBuilder.build("42", first, part)));
      first += size;
    }
  });

  it("builds every line of the peer corpus exactly as the text lane", () => {
    const corpus = process.env.PANOS_PEER_CORPUS ?? path.resolve(import.meta.dirname, "../../../shared/peer-corpus/panos");
    if (!fs.existsSync(corpus)) return console.warn(`[lane] peer corpus not found at ${corpus}: skipped`);
    const lines: string[] = [];
    const strings = (v: unknown): void => {
      if (typeof v === "string") lines.push(...v.split(/\r?\n/));
      else if (Array.isArray(v)) v.forEach(strings);
      else if (v && typeof v === "object") Object.values(v).forEach(strings);
    };
    for (const f of fs.readdirSync(corpus, { recursive: true, encoding: "utf8" })) {
      const p = path.join(corpus, f);
      if (!fs.statSync(p).isFile()) continue;
      const text = fs.readFileSync(p, "utf8");
      if (f.endsWith(".json")) strings(JSON.parse(text));
      else lines.push(...text.split(/\r?\n/));
    }
    // Every serial in the corpus is a device of the customer, so its lines are accepted, not rejected for the serial.
    const serials = new Set<string>();
    for (const l of lines) {
      const r = parseLine(l);
      const serial = r.ok ? (r.kind === "event" ? r.event.serial : r.serial) : null;
      if (serial) serials.add(serial);
    }
    const ctx = context([...serials].map((s, i) => device(i + 1, s)));
    const bytes = Buffer.from(lines.join("\n") + "\n", "utf8");
    const built = expectSameOnBothLanes(ctx, bytes);
    expect(built.accepted).toBeGreaterThan(1000);
    expect(onLane(bytes).lane).toBeGreaterThan(500);
  });

  it("builds fuzzed and damaged lines exactly as the text lane", () => {
    const ctx = context([device(1, "FUZZSERIAL01")]);
    fc.assert(
      fc.property(fc.array(mutatedLine("FUZZSERIAL01"), { minLength: 1, maxLength: 40 }), fc.constantFrom("\n", "\r\n"), (lines, eol) => {
        expectSameOnBothLanes(ctx, Buffer.from(lines.join(eol) + eol, "utf8"), 7);
      }),
      { numRuns: 150 },
    );
  });

  it("hands the lines it does not take to the text lane, with the same result", () => {
    const t = "2021/12/01 10:00:05";
    const lines = [
      trafficLine({ time: t, serial: "S1" }),
      trafficLine({ time: "2021/12/01 10:00:01", serial: "S2", subtype: "start" }), // another device, older
      trafficLine({ time: "2021/12/01 09:00:00", serial: "S1", repeat: 0, bytes: 2 ** 60 }),
      trafficLine({ time: t, serial: "S1", repeat: 2 ** 31 - 1, dport: 2 ** 31 - 1 }), // the largest that fit
      trafficLine({ time: t, serial: "S1", repeat: 2 ** 31 }), // too big for its column: rejected
      trafficLine({ time: t, serial: "S1", dport: 2 ** 31 }),
      trafficLine({ time: t, serial: "S1", bytes: 2 ** 63 }),
      threatLine({ time: t, serial: "S1", subtype: "url", url: "e.example/", threat: "x(9223372036854775808)" }),
      "",
      "   \t ",
      "\u00a0",
      "  " + trafficLine({ time: t, serial: "S1" }), // leading blanks
      trafficLine({ time: t, serial: "S1", src: "2001:db8::5", dst: "2606:4700::1111" }), // IPv6
      trafficLine({ time: t, serial: "S1", src: "010.1.1.1" }), // leading zero: rejected
      trafficLine({ time: t, serial: "S1", action: "Reset Both" }), // UI spelling, rewritten
      trafficLine({ time: t, serial: "S1", app: "back\\slash" }), // escaped in COPY text
      trafficLine({ time: t, serial: "S1", app: "nul\0inside" }), // NUL: U+FFFD in PostgreSQL text
      trafficLine({ time: t, serial: "S1", proto: "sctp", dport: 2905 }),
      trafficLine({ time: t, serial: "S1", category: "" }),
      trafficLine({ time: t, serial: "UNKNOWN" }),
      trafficLine({ time: "2021/02/29 10:00:00", serial: "S1" }), // not a date
      trafficLine({ time: "2021-12-01 10:00:05", serial: "S1" }), // ISO-ish date
      trafficLine({ time: t, serial: "S3" }), // a device in another zone than the customer
      trafficLine({ time: "2021/12/01 20:00:00", serial: "S3" }), // … whose day is the next day in the customer's zone
      threatLine({ time: t, serial: "S1", subtype: "url", url: 'd.example/?q="x",y' }), // "" inside quotes
      threatLine({ time: t, serial: "S1", subtype: "url", url: 'a.example/x?q="1",2', category: "malware", severity: "High" }),
      threatLine({ time: t, serial: "S1", subtype: "url", url: "b.example/\\path\ttab", threat: "Some Name (1234)(9999)" }),
      threatLine({ time: t, serial: "S1", subtype: "url", url: "c.example/", threat: "  (9999)" }),
      threatLine({ time: t, serial: "S1", subtype: "url", url: "日本.example/" }),
      threatLine({ time: t, serial: "S1", subtype: "vulnerability", threat: "HTTP OPTIONS Method(30520)", severity: "informational" }),
      threatLine({ time: t, serial: "S1", subtype: "spyware", threat: "Bad(1)", severity: "critical", action: "reset-both" }),
      systemLine(t, "S1"),
      "not a log line at all",
      trafficLine({ time: t, serial: "S1" }).slice(0, 200), // cut short
      trafficLine({ time: t, serial: "S1" }).replace(",tcp,", ",\"tcp\",").replace(",allow-out,", ',"allow,out",'),
    ];
    const ctx = new CustomerContext(CUSTOMER, "c", "Asia/Tokyo", new Map([
      ["S1", device(1, "S1")],
      ["S2", device(2, "S2")],
      ["S3", device(3, "S3", "Europe/Berlin")],
    ]), ["192.0.2.0/24", "10.0.0.0/8"]);
    const bytes = Buffer.from(lines.join("\n"), "utf8"); // the last line without a line end
    const built = expectSameOnBothLanes(ctx, bytes);
    expect(built.lineCount).toBe(lines.length - 3); // the blank lines are not counted
    expect(built.rejected).toBeGreaterThan(0);
    expect(onLane(bytes).lane).toBeGreaterThan(5);
  });

  for (const [zone, times, months] of [
    // New York: the hours of two offsets (fall back) and the skipped hour (spring forward)
    ["America/New_York", ["2021/11/07 00:59:59", "2021/11/07 01:30:00", "2021/11/07 02:00:00", "2021/03/14 01:59:59", "2021/03/14 02:30:00", "2021/03/14 03:00:00"], ["2021-03", "2021-11"]],
    // Kolkata (+05:30): the local hour 05:00 of the 1st starts in the previous UTC month
    ["Asia/Kolkata", ["2021/12/01 04:59:59", "2021/12/01 05:15:00", "2021/12/01 05:45:00", "2021/12/01 06:00:00"], ["2021-11", "2021-12"]],
  ] as const) {
    it(`stamps local times as the text lane does where the offset or the UTC month changes (${zone})`, () => {
      const ctx = context([device(1, "Z", zone)], zone);
      const lines = times.flatMap((time) => [trafficLine({ time, serial: "Z" }), threatLine({ time, serial: "Z", subtype: "url", url: "x.example/" })]);
      const built = expectSameOnBothLanes(ctx, Buffer.from(lines.join("\n") + "\n"));
      expect(built.accepted).toBe(lines.length);
      expect(built.events.map((e) => e.month).sort()).toEqual(months);
    });
  }
});
