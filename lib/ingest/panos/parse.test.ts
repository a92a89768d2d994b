// Unit tests for parseLine on SYNTHETIC lines built from the field reference
// (shared/docs/panos-log-format.md). Real third-party lines are exercised by
// conformance.test.ts and never copied here.

import { describe, expect, it } from "vitest";
import { parseLine } from "./parse";
import type { PanosEvent, ParseResult } from "./types";

const T = "2025/03/14 09:26:53";

/** PAN-OS 9.1-era TRAFFIC end record, 75 fields (index = PAN-OS field number). */
function trafficFields(): string[] {
  const f = new Array<string>(75).fill("");
  Object.assign(f, {
    0: "1", 1: T, 2: "013201001234", 3: "TRAFFIC", 4: "end", 5: "2305", 6: T,
    7: "10.20.30.40", 8: "198.51.100.10", 9: "203.0.113.5", 10: "198.51.100.10",
    11: "Allow Web", 12: "corp\\alice", 13: "", 14: "ssl", 15: "vsys1", 16: "inside", 17: "outside",
    18: "ethernet1/2", 19: "ethernet1/1", 20: "fwd-default", 21: T, 22: "123456", 23: "1",
    24: "51515", 25: "443", 26: "40001", 27: "443", 28: "0x400053", 29: "tcp", 30: "allow",
    31: "9000", 32: "2000", 33: "7000", 34: "30", 35: "2025/03/14 09:20:00", 36: "413", 37: "business-and-economy",
    38: "0", 39: "990001", 40: "0x8000000000000000", 41: "10.0.0.0-10.255.255.255", 42: "Japan", 43: "0",
    44: "12", 45: "18", 46: "tcp-fin", 47: "0", 48: "0", 49: "0", 50: "0", 51: "", 52: "FW-TOKYO-01", 53: "from-policy",
    60: "N/A", 65: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
  });
  return f;
}

/** PAN-OS 8.x-era THREAT url record, 75 fields. */
function threatFields(): string[] {
  const f = new Array<string>(75).fill("");
  Object.assign(f, {
    0: "1", 1: T, 2: "013201001234", 3: "THREAT", 4: "url", 5: "2305", 6: T,
    7: "10.20.30.41", 8: "198.51.100.20", 9: "203.0.113.5", 10: "198.51.100.20",
    11: "Allow Web", 12: "bob@corp.example", 13: "", 14: "web-browsing", 15: "vsys1", 16: "inside", 17: "outside",
    18: "ethernet1/2", 19: "ethernet1/1", 20: "fwd-default", 21: T, 22: "654321", 23: "1",
    24: "52525", 25: "80", 26: "40002", 27: "80", 28: "0x403000", 29: "tcp", 30: "block-url",
    31: '"shop.example.com/cart?id=7"', 32: "(9999)", 33: "shopping", 34: "informational", 35: "client-to-server",
    36: "880001", 37: "0x0", 38: "10.0.0.0-10.255.255.255", 39: "United States", 40: "", 41: "text/html", 42: "0",
    45: "0", 53: "0", 54: "0", 55: "0", 56: "0", 57: "0", 59: "FW-TOKYO-01", 68: "N/A", 69: "unknown", 70: "AppThreat-8727-8140",
    71: "0x0", 72: "0", 73: "4294967295",
  });
  return f;
}

const csv = (f: string[]) => f.join(",");

function ok(r: ParseResult): PanosEvent {
  if (!r.ok) throw new Error(`rejected: ${r.reason}`);
  if (r.kind !== "event") throw new Error(`not an event: ${r.logType}`);
  return r.event;
}

function rejected(r: ParseResult): { reason: string; excerpt: string } {
  if (r.ok) throw new Error(`expected a rejection, got ${r.kind}`);
  return r;
}

function withField(base: string[], idx: number, value: string): string[] {
  const f = base.slice();
  f[idx] = value;
  return f;
}

describe("payload location (any header)", () => {
  const payload = csv(trafficFields());
  const reference = ok(parseLine(payload));

  const variants: [string, string][] = [
    ["BSD with PRI and host", `<14>Mar 14 09:26:53 FW-TOKYO-01 ${payload}`],
    ["BSD without PRI", `Mar 14 09:26:53 FW-TOKYO-01 ${payload}`],
    ["BSD without host", `Mar 14 09:26:53 ${payload}`],
    ["BSD with padded day", `<13>Aug  2 01:02:03 fw ${payload}`],
    ["BSD with odd padded day", `<14>Feb  22 21:32:20 pa-fw-2 ${payload}`],
    ["BSD with extra '- '", `Nov 26 12:53:54 FW-DNS-11 - ${payload}`],
    ["ISO relay header", `2025-03-14T09:26:53+09:00 relay.example ${payload}`],
    ["RFC 5424", `<14>1 2025-03-14T09:26:53+09:00 FW-TOKYO-01 - - - - ${payload}`],
    ["RFC 6587 octet counting", `${payload.length + 60} <14>1 2025-03-14T09:26:53+09:00 FW-TOKYO-01 - - - - ${payload}`],
    ["no header, CRLF", `${payload}\r\n`],
    ["field 0 omitted by forwarder", `Mar 14 09:26:53 FW-TOKYO-01 ${payload.slice(2)}`],
    ["field 0 omitted, no header", payload.slice(2)],
    ["field 0 is 0", `0${payload.slice(1)}`],
    ["field 0 empty", payload.slice(1)],
  ];
  for (const [name, line] of variants) {
    it(name, () => expect(ok(parseLine(line))).toEqual(reference));
  }

  it("does not anchor on a timestamp inside the header", () => {
    // The relay's ISO header and RFC 5424 timestamps look like dates but are not followed by serial,TYPE.
    const e = ok(parseLine(`<14>1 2030-01-01T00:00:00+00:00 host - - - - ${payload}`));
    expect(e.generatedTime).toBe("2025-03-14 09:26:53");
  });

  it("finds the type even when the receive time is empty", () => {
    const e = ok(parseLine(`Mar 14 09:26:53 fw ${csv(withField(trafficFields(), 1, ""))}`));
    expect(e.receiveTime).toBeNull();
    expect(e.generatedTime).toBe("2025-03-14 09:26:53");
    expect(e.serial).toBe("013201001234");
  });
});

describe("TRAFFIC fields", () => {
  const e = ok(parseLine(`<14>Mar 14 09:26:53 FW-TOKYO-01 ${csv(trafficFields())}`));

  it("maps every field by position", () => {
    expect(e).toEqual<PanosEvent>({
      serial: "013201001234", logType: "TRAFFIC", subtype: "end",
      receiveTime: "2025-03-14 09:26:53", generatedTime: "2025-03-14 09:26:53", highResTime: null,
      srcIp: "10.20.30.40", dstIp: "198.51.100.10", natSrcIp: "203.0.113.5", natDstIp: "198.51.100.10",
      rule: "Allow Web", srcUser: "corp\\alice", dstUser: null, app: "ssl", vsys: "vsys1",
      srcZone: "inside", dstZone: "outside", inInterface: "ethernet1/2", outInterface: "ethernet1/1",
      sessionId: "123456", repeatCount: 1, srcPort: 51515, dstPort: 443, natSrcPort: 40001, natDstPort: 443,
      protocol: "tcp", action: "allow", allowed: true, isSession: true,
      bytes: 9000, bytesSent: 2000, bytesReceived: 7000, packets: 30, packetsSent: 12, packetsReceived: 18,
      elapsed: 413, startTime: "2025-03-14 09:20:00", sessionEndReason: "tcp-fin", category: "business-and-economy",
      url: null, threatName: null, threatId: null, severity: null, threatDirection: null, threatCategory: null,
      contentType: null, fileDigest: null, fileType: null, reportId: null,
      sequence: "990001", srcLocation: "10.0.0.0-10.255.255.255", dstLocation: "Japan", deviceName: "FW-TOKYO-01",
      ruleUuid: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", fn: "firewall",
    });
  });

  it.each([
    ["start", false],
    ["end", true],
    ["drop", true],
    ["deny", true],
  ])("subtype %s: isSession=%s, function firewall", (subtype, isSession) => {
    const ev = ok(parseLine(csv(withField(trafficFields(), 4, subtype))));
    expect(ev.subtype).toBe(subtype);
    expect(ev.isSession).toBe(isSession);
    expect(ev.fn).toBe("firewall");
  });

  it("keeps unknown or empty subtypes", () => {
    expect(ok(parseLine(csv(withField(trafficFields(), 4, "N/A")))).subtype).toBe("N/A");
    expect(ok(parseLine(csv(withField(trafficFields(), 4, "")))).subtype).toBe("");
  });

  it("reads the 10.0+ high-resolution timestamp (field 102) and ignores epoch-zero values", () => {
    const f = trafficFields();
    while (f.length < 105) f.push("");
    f[102] = "2025-03-14T09:26:53.417+09:00";
    expect(ok(parseLine(csv(f))).highResTime).toBe("2025-03-14T09:26:53.417+09:00");
    f[102] = "1969-12-31T16:00:00.000-08:00";
    expect(ok(parseLine(csv(f))).highResTime).toBeNull();
  });

  it("accepts IPv6 addresses", () => {
    const f = trafficFields();
    f[7] = "2001:db8::10";
    f[8] = "2001:db8:ffff::1";
    f[9] = "::";
    f[10] = "";
    const ev = ok(parseLine(csv(f)));
    expect([ev.srcIp, ev.dstIp, ev.natSrcIp, ev.natDstIp]).toEqual(["2001:db8::10", "2001:db8:ffff::1", null, null]);
  });
});

describe("THREAT subtypes and report functions", () => {
  it.each([
    ["url", "url"],
    ["vulnerability", "vulnerability"],
    ["spyware", "spyware"],
    ["virus", "virus"],
    ["wildfire", "wildfire"],
    ["wildfire-virus", "wildfire"],
    ["file", null],
    ["data", null],
    ["flood", null],
    ["scan", null],
    ["packet", null],
    ["ml-virus", null], // newer subtype: kept, routed to no report function
  ])("%s → %s", (subtype, fn) => {
    const ev = ok(parseLine(csv(withField(threatFields(), 4, subtype))));
    expect(ev.logType).toBe("THREAT");
    expect(ev.subtype).toBe(subtype);
    expect(ev.fn).toBe(fn);
    expect(ev.isSession).toBe(true);
  });

  it("maps a url log", () => {
    const ev = ok(parseLine(`<14>Mar 14 09:26:53 FW-TOKYO-01 ${csv(threatFields())}`));
    expect(ev).toMatchObject({
      url: "shop.example.com/cart?id=7", threatName: null, threatId: 9999, category: "shopping",
      severity: "informational", threatDirection: "client-to-server", sequence: "880001",
      srcLocation: "10.0.0.0-10.255.255.255", dstLocation: "United States", contentType: "text/html",
      threatCategory: "unknown", deviceName: "FW-TOKYO-01", action: "block-url", allowed: false,
      srcUser: "bob@corp.example", bytes: null, startTime: null, sessionEndReason: null,
    });
  });

  it("builds a WildFire verdict log from the field table (no public sample exists)", () => {
    const f = threatFields();
    while (f.length < 121) f.push("");
    Object.assign(f, {
      4: "wildfire", 14: "smtp", 25: "25", 27: "25", 29: "tcp", 30: "alert",
      31: '"invoice_2025-03.exe"', 32: "Windows Executable (EXE)(52020)", 33: "malware", 34: "High",
      35: "server-to-client", 41: "", 43: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      44: "wildfire.paloaltonetworks.com", 47: "pe", 50: "billing@invoices.example", 51: '"Your invoice, March"',
      52: "alice@corp.example", 53: "48611729", 69: "unknown", 70: "WildFire-0-0", 76: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
      107: "2025-03-14T09:26:53.004+09:00",
    });
    const ev = ok(parseLine(`<14>Mar 14 09:26:53 FW-TOKYO-01 ${csv(f)}`));
    expect(ev).toMatchObject({
      subtype: "wildfire", fn: "wildfire", url: "invoice_2025-03.exe", threatName: "Windows Executable (EXE)",
      threatId: 52020, category: "malware", severity: "high", threatDirection: "server-to-client",
      fileDigest: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", fileType: "pe",
      reportId: "48611729", ruleUuid: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", highResTime: "2025-03-14T09:26:53.004+09:00",
      allowed: true,
    });
  });

  it.each([
    ["SCAN: Host Sweep(8002)", "SCAN: Host Sweep", 8002],
    ["Windows Executable (EXE)(52020)", "Windows Executable (EXE)", 52020],
    ["generic:www.virussign.com(327891564)", "generic:www.virussign.com", 327891564],
    ["(9999)", null, 9999],
    ["HTTP SQL Injection Attempt (38195)", "HTTP SQL Injection Attempt", 38195],
    ["Microsoft Word (docx) (12) (30001)", "Microsoft Word (docx) (12)", 30001],
    ["Credit Card Numbers", "Credit Card Numbers", null],
    ["", null, null],
  ])("threat field %j → name %j, id %j", (raw, name, id) => {
    const ev = ok(parseLine(csv(withField(withField(threatFields(), 4, "vulnerability"), 32, raw))));
    expect(ev.threatName).toBe(name);
    expect(ev.threatId).toBe(id);
  });

  it("lowercases severity", () => {
    expect(ok(parseLine(csv(withField(threatFields(), 34, "Medium")))).severity).toBe("medium");
    expect(ok(parseLine(csv(withField(threatFields(), 34, "CRITICAL")))).severity).toBe("critical");
  });

  it("reads the threat high-resolution timestamp at field 107 on long lines", () => {
    const f = threatFields();
    while (f.length < 123) f.push("");
    f[107] = "2025-03-14T09:26:53.500+09:00";
    f[122] = "NonProxyTraffic";
    expect(ok(parseLine(csv(f))).highResTime).toBe("2025-03-14T09:26:53.500+09:00");
  });
});

describe("CSV quoting and whitespace", () => {
  it("keeps commas and doubled quotes inside a quoted URL, and the following fields in place", () => {
    const f = threatFields();
    f[31] = '"www.example.com/a,b?q=""x,y""&z=1"';
    f[32] = "(9999)";
    const ev = ok(parseLine(csv(f)));
    expect(ev.url).toBe('www.example.com/a,b?q="x,y"&z=1');
    expect(ev.threatId).toBe(9999);
    expect(ev.category).toBe("shopping");
    expect(ev.severity).toBe("informational");
    expect(ev.deviceName).toBe("FW-TOKYO-01");
  });

  it("understands relay-escaped quotes (\\\")", () => {
    const f = threatFields();
    f[31] = '"evil.example/\\"a,b\\""';
    const ev = ok(parseLine(csv(f)));
    expect(ev.url).toBe('evil.example/"a,b"');
    expect(ev.category).toBe("shopping");
  });

  it("keeps a stray quote inside a quoted value", () => {
    const f = threatFields();
    f[31] = '"a.example/say"hi"/x"';
    const ev = ok(parseLine(csv(f)));
    expect(ev.url).toBe('a.example/say"hi"/x');
    expect(ev.category).toBe("shopping");
  });

  it("treats an unterminated quote as a plain field", () => {
    const f = threatFields();
    f[31] = '"truncated.example/path';
    const ev = ok(parseLine(csv(f)));
    expect(ev.url).toBe('"truncated.example/path');
    expect(ev.threatId).toBe(9999);
  });

  it("quoted empty and whitespace-only fields are null; values are trimmed", () => {
    const f = threatFields();
    f[31] = '""';
    f[11] = " ";
    f[14] = '" "';
    f[16] = "  inside ";
    const ev = ok(parseLine(csv(f)));
    expect(ev.url).toBeNull();
    expect(ev.rule).toBeNull();
    expect(ev.app).toBeNull();
    expect(ev.srcZone).toBe("inside");
  });

  it('accepts blanks before an opening quote (`, "a,b",`)', () => {
    const f = threatFields();
    f[31] = ' "x.example/a,b"';
    expect(ok(parseLine(csv(f))).url).toBe("x.example/a,b");
  });

  it("collapses doubled backslashes in user names", () => {
    expect(ok(parseLine(csv(withField(trafficFields(), 12, "corp\\\\alice")))).srcUser).toBe("corp\\alice");
  });

  // The scanner passes fields it never reads by counting commas; a quote there must stop that.
  it("quoted values with commas in unread fields keep the later fields in place", () => {
    const t = trafficFields();
    while (t.length < 105) t.push("");
    t[50] = '"a,b,c"';
    t[80] = ' "x,""y"",z" ';
    t[102] = "2025-03-14T09:26:53.417+09:00";
    const te = ok(parseLine(csv(t)));
    expect([te.deviceName, te.ruleUuid, te.highResTime]).toEqual(["FW-TOKYO-01", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "2025-03-14T09:26:53.417+09:00"]);
    const h = threatFields();
    while (h.length < 110) h.push("");
    h[44] = '"Mozilla/5.0 (X11, Linux)"';
    h[90] = '"p,q"';
    h[107] = "2025-03-14T09:26:53.500+09:00";
    const he = ok(parseLine(csv(h)));
    expect([he.contentType, he.deviceName, he.threatCategory, he.highResTime]).toEqual(["text/html", "FW-TOKYO-01", "unknown", "2025-03-14T09:26:53.500+09:00"]);
  });
});

describe("non-ASCII text", () => {
  // Offsets are per UTF-16 unit whatever the characters (the scanner works on a byte copy).
  it("keeps field positions and values after non-ASCII characters", () => {
    const f = trafficFields();
    f[11] = "許可-ウェブ";
    f[12] = "corp\\josé";
    f[16] = "社内😀";
    const ev = ok(parseLine(`<14>Mar 14 09:26:53 ファイアウォール ${csv(f)}`));
    expect([ev.rule, ev.srcUser, ev.srcZone, ev.dstZone, ev.srcPort, ev.action, ev.deviceName]).toEqual([
      "許可-ウェブ", "corp\\josé", "社内😀", "outside", 51515, "allow", "FW-TOKYO-01",
    ]);
  });

  it("lowercases non-ASCII severities like toLowerCase", () => {
    expect(ok(parseLine(csv(withField(threatFields(), 34, "MÉDIUM")))).severity).toBe("médium");
  });
});

describe("line length", () => {
  it("accepts a line that ends at the action field (6.x-style short lines)", () => {
    const ev = ok(parseLine(csv(trafficFields().slice(0, 31))));
    expect(ev.action).toBe("allow");
    expect([ev.bytes, ev.packetsSent, ev.sessionEndReason, ev.deviceName, ev.ruleUuid]).toEqual([null, null, null, null, null]);
  });

  it("accepts a 43-field PAN-OS 6 TRAFFIC line", () => {
    const ev = ok(parseLine(csv(trafficFields().slice(0, 43))));
    expect(ev.dstLocation).toBe("Japan");
    expect(ev.packetsSent).toBeNull();
  });

  it("rejects a line shorter than the action field with the observed count", () => {
    const r = rejected(parseLine(csv(trafficFields().slice(0, 30))));
    expect(r.reason).toMatch(/TRAFFIC line too short: 30 fields/);
    const t = rejected(parseLine(csv(threatFields().slice(0, 12))));
    expect(t.reason).toMatch(/THREAT line too short: 12 fields/);
  });

  it("parses a 100 KiB line and rejects a line over 1 MiB without throwing", () => {
    const f = trafficFields();
    f[61] = "x".repeat(100_000);
    expect(ok(parseLine(csv(f))).ruleUuid).toBe("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    f[61] = "x".repeat(1 << 20);
    expect(rejected(parseLine(csv(f))).reason).toMatch(/line too long/);
  });

  it("accepts very long lines (fields appended by newer releases)", () => {
    const f = trafficFields();
    while (f.length < 200) f.push(`x${f.length}`);
    expect(ok(parseLine(csv(f))).ruleUuid).toBe("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
  });
});

describe("numbers, ids and actions", () => {
  it("keeps 64-bit sequence numbers and session ids exact", () => {
    const f = threatFields();
    f[36] = "7204134051344758260";
    f[22] = "18446744073709551615";
    const ev = ok(parseLine(csv(f)));
    expect(ev.sequence).toBe("7204134051344758260");
    expect(ev.sessionId).toBe("18446744073709551615");
    const t = trafficFields();
    t[39] = "9223372036854775807";
    expect(ok(parseLine(csv(t))).sequence).toBe("9223372036854775807");
  });

  it("repeat count is at least 1", () => {
    expect(ok(parseLine(csv(withField(trafficFields(), 23, "23")))).repeatCount).toBe(23);
    expect(ok(parseLine(csv(withField(trafficFields(), 23, "0")))).repeatCount).toBe(1);
    expect(ok(parseLine(csv(withField(trafficFields(), 23, "")))).repeatCount).toBe(1);
    expect(ok(parseLine(csv(withField(trafficFields(), 23, "n/a")))).repeatCount).toBe(1);
  });

  it("rejects a line whose number is too big for its column, naming it, and keeps the largest that fit", () => {
    const t = trafficFields();
    expect(parseLine(csv(withField(t, 23, "2147483648")))).toMatchObject({ ok: false, reason: 'repeat count "2147483648" out of range' });
    expect(parseLine(csv(withField(t, 24, "99999999999")))).toMatchObject({ ok: false, reason: 'source port "99999999999" out of range' });
    expect(parseLine(csv(withField(t, 25, "2147483648")))).toMatchObject({ ok: false, reason: 'destination port "2147483648" out of range' });
    expect(parseLine(csv(withField(t, 31, "9223372036854775808")))).toMatchObject({ ok: false, reason: 'bytes "9223372036854775808" out of range' });
    expect(parseLine(csv(withField(t, 34, "1".repeat(30))))).toMatchObject({ ok: false, reason: `packets "${"1".repeat(30)}" out of range` });
    expect(parseLine(csv(withField(threatFields(), 32, "Bad(99999999999999999999)")))).toMatchObject({ ok: false, reason: 'threat id in "Bad(99999999999999999999)" out of range' });
    const fits = ok(parseLine(csv(withField(withField(withField(t, 23, "2147483647"), 25, "2147483647"), 31, String(2 ** 62)))));
    expect([fits.repeatCount, fits.dstPort, fits.bytes]).toEqual([2147483647, 2147483647, 2 ** 62]);
  });

  it("non-numeric ports and counters become null", () => {
    const ev = ok(parseLine(csv(withField(withField(trafficFields(), 24, "abc"), 31, "-5"))));
    expect(ev.srcPort).toBeNull();
    expect(ev.bytes).toBeNull();
  });

  it("no NAT (0.0.0.0 or empty) is null", () => {
    const f = trafficFields();
    f[9] = "0.0.0.0";
    f[10] = "";
    const ev = ok(parseLine(csv(f)));
    expect(ev.natSrcIp).toBeNull();
    expect(ev.natDstIp).toBeNull();
  });

  it.each([
    ["allow", true], ["alert", true], ["continue", true], ["override", true],
    ["deny", false], ["drop", false], ["drop-icmp", false], ["reset-both", false], ["block-url", false],
    ["block-continue", false], ["block-override", false], ["override-lockout", false], ["sinkhole", false],
    ["random-drop", false], ["syn-cookie-sent", false], ["drop-all-packets", false],
  ])("action %s → allowed=%s", (action, allowed) => {
    const ev = ok(parseLine(csv(withField(threatFields(), 30, action))));
    expect(ev.action).toBe(action);
    expect(ev.allowed).toBe(allowed);
  });

  it("normalises UI-style action spellings", () => {
    expect(ok(parseLine(csv(withField(trafficFields(), 30, "reset client")))).action).toBe("reset-client");
    expect(ok(parseLine(csv(withField(trafficFields(), 30, "drop ICMP")))).action).toBe("drop-icmp");
  });
});

describe("times", () => {
  it("normalises slashes and keeps CDL ISO times", () => {
    const f = trafficFields();
    f[1] = "2021-05-26T16:27:07.000000Z";
    f[2] = "no-serial";
    f[5] = "9.1";
    f[6] = "2021-05-26T16:26:47.000000Z";
    f[35] = "2021-05-26T16:26:30.000000Z";
    const ev = ok(parseLine(`Oct 30 09:46:42 ${csv(f)}`));
    expect([ev.receiveTime, ev.generatedTime, ev.startTime, ev.serial]).toEqual([
      "2021-05-26T16:27:07.000000Z", "2021-05-26T16:26:47.000000Z", "2021-05-26T16:26:30.000000Z", "no-serial",
    ]);
  });

  it("receive and generated time may differ", () => {
    const ev = ok(parseLine(csv(withField(trafficFields(), 1, "2025/04/01 00:00:07"))));
    expect(ev.receiveTime).toBe("2025-04-01 00:00:07");
    expect(ev.generatedTime).toBe("2025-03-14 09:26:53");
  });

  it.each([
    ["2025/13/01 00:00:00"],
    ["2025/02/29 10:00:00"],
    ["2020/06/00 00:00:00"],
    ["2025/03/14 24:00:00"],
    ["2025/03/14 9:26:53"],
    ["yesterday"],
  ])("rejects an invalid generated time %j", (t) => {
    expect(rejected(parseLine(csv(withField(trafficFields(), 6, t)))).reason).toMatch(/bad generated time/);
  });

  it("accepts 29 February in a leap year", () => {
    expect(ok(parseLine(csv(withField(trafficFields(), 6, "2024/02/29 23:59:59")))).generatedTime).toBe("2024-02-29 23:59:59");
  });

  it("rejects a missing generated time", () => {
    expect(rejected(parseLine(csv(withField(trafficFields(), 6, "")))).reason).toBe("missing generated time");
  });

  it("an invalid start time is null, not a rejection", () => {
    expect(ok(parseLine(csv(withField(trafficFields(), 35, "0")))).startTime).toBeNull();
  });
});

describe("other log types are kept", () => {
  it.each(["SYSTEM", "CONFIG", "GLOBALPROTECT", "HIPMATCH", "USERID", "DECRYPTION", "AUTHENTICATION", "IPTAG", "FUTURETYPE"])(
    "%s",
    (type) => {
      const line = `<14>Mar 14 09:26:53 fw 1,${T},013201001234,${type},general,2305,2025/03/14 09:26:50,,some-event,,0,0,general,informational,"text, with comma",1234,0x0`;
      const r = parseLine(line);
      expect(r).toEqual({ ok: true, kind: "other", logType: type, serial: "013201001234", generatedTime: "2025-03-14 09:26:50", raw: line });
    },
  );

  it("keeps an other-type line with an anonymised time (generatedTime null)", () => {
    const r = parseLine(`1,2020/02/09 00:00:00,00000000,SYSTEM,general,0,2020/00/00 00:00:00,,general,,0,0,general,high,"x"`);
    expect(r).toMatchObject({ ok: true, kind: "other", logType: "SYSTEM", serial: "00000000", generatedTime: null });
  });
});

describe("garbage is rejected with a reason, never thrown", () => {
  it.each([
    ["", "empty line"],
    ["\r\n", "empty line"],
    ["hello world", "no PAN-OS payload"],
    ["Mar 14 09:26:53 fw sshd[123]: Accepted publickey for root", "no PAN-OS payload"],
    ["1,2025/03/14 09:26:53", "no PAN-OS payload"],
    ["1,2025/03/14 09:26:53,serial,traffic,end", "no PAN-OS payload"],
    ["CEF:0|Palo Alto Networks|PAN-OS|10.1|url|THREAT|1|rt=Mar 14 2025 09:26:53", "no PAN-OS payload"],
  ])("%j", (line, reason) => {
    const r = rejected(parseLine(line));
    expect(r.reason).toContain(reason);
    expect(r.excerpt).toBe(line);
  });

  it("excerpts are at most 200 characters", () => {
    const r = rejected(parseLine("x".repeat(5000)));
    expect(r.excerpt.length).toBe(200);
  });

  it("non-string input is rejected", () => {
    expect(parseLine(undefined as unknown as string).ok).toBe(false);
    expect(parseLine(42 as unknown as string).ok).toBe(false);
  });

  it("survives every truncation of a valid line", () => {
    const line = `<14>Mar 14 09:26:53 fw ${csv(withField(threatFields(), 31, '"a.example/x,""y"""'))}`;
    for (let i = 0; i <= line.length; i++) {
      const r = parseLine(line.slice(0, i));
      expect(typeof r.ok).toBe("boolean");
    }
  });

  it("survives random input (fuzz)", () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const alphabet = ',,,,""\\ /-:T0123456789TRAFFICTHREAT\r\n\t()abcxyz\u00e9\u3042';
    const base = csv(trafficFields());
    for (let i = 0; i < 5000; i++) {
      let s = "";
      if (i % 2 === 0) {
        // mutate a valid line
        const chars = base.split("");
        for (let j = 0; j < 1 + (i % 7); j++) chars[Math.floor(rnd() * chars.length)] = alphabet[Math.floor(rnd() * alphabet.length)];
        s = chars.join("");
      } else {
        const len = Math.floor(rnd() * 300);
        for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      }
      const r = parseLine(s);
      expect(typeof r.ok).toBe("boolean");
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
    }
  });
});
