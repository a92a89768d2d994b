// Synthetic PAN-OS lines for ingest tests, built from the field reference
// (shared/docs/panos-log-format.md); positions are PAN-OS field numbers.

export interface TrafficOpts {
  time: string; // device-local "YYYY/MM/DD HH:MM:SS"
  serial: string;
  subtype?: string; // end | start | drop | deny
  src?: string;
  dst?: string;
  dport?: number;
  proto?: string;
  action?: string;
  repeat?: number;
  bytes?: number;
  app?: string;
  category?: string;
}

export function trafficLine(o: TrafficOpts): string {
  const f = new Array<string>(75).fill("");
  Object.assign(f, {
    0: "1", 1: o.time, 2: o.serial, 3: "TRAFFIC", 4: o.subtype ?? "end", 5: "2305", 6: o.time,
    7: o.src ?? "192.0.2.10", 8: o.dst ?? "8.8.8.8", 9: "0.0.0.0", 10: "0.0.0.0", 11: "allow-out", 14: o.app ?? "ssl", 15: "vsys1",
    16: "trust", 17: "untrust", 18: "ethernet1/2", 19: "ethernet1/1", 20: "default", 21: o.time, 22: "4242", 23: String(o.repeat ?? 1),
    24: "50000", 25: String(o.dport ?? 443), 26: "0", 27: "0", 28: "0x0", 29: o.proto ?? "tcp", 30: o.action ?? "allow",
    31: String(o.bytes ?? 1000), 32: "400", 33: "600", 34: "10", 35: o.time, 36: "1", 37: o.category ?? "any", 38: "0", 39: "18446744073709551610",
    40: "0x0", 41: "Japan", 42: "United States", 44: "5", 45: "5", 46: "tcp-fin", 52: "sample-utm", 53: "from-policy",
  });
  return `<14>${o.time.slice(5, 7) === "12" ? "Dec" : "Nov"} ${o.time.slice(8, 10)} ${o.time.slice(11)} sample-utm ${f.join(",")}`;
}

export interface ThreatOpts {
  time: string;
  serial: string;
  subtype: string; // url | vulnerability | spyware | virus | wildfire | …
  src?: string;
  dst?: string;
  dport?: number;
  action?: string;
  url?: string;
  threat?: string; // "Name(id)"
  category?: string;
  severity?: string;
  repeat?: number;
}

export function threatLine(o: ThreatOpts): string {
  const f = new Array<string>(75).fill("");
  Object.assign(f, {
    0: "1", 1: o.time, 2: o.serial, 3: "THREAT", 4: o.subtype, 5: "2305", 6: o.time,
    7: o.src ?? "192.0.2.20", 8: o.dst ?? "1.1.1.1", 9: "0.0.0.0", 10: "0.0.0.0", 11: "allow-out", 14: "web-browsing", 15: "vsys1",
    16: "trust", 17: "untrust", 18: "ethernet1/2", 19: "ethernet1/1", 20: "default", 21: o.time, 22: "777", 23: String(o.repeat ?? 1),
    24: "50001", 25: String(o.dport ?? 80), 26: "0", 27: "0", 28: "0x0", 29: "tcp", 30: o.action ?? "alert",
    31: `"${(o.url ?? "").replace(/"/g, '""')}"`, 32: o.threat ?? "(9999)", 33: o.category ?? "any", 34: o.severity ?? "informational",
    35: "client-to-server", 36: "12345", 37: "0x0", 38: "Japan", 39: "United States", 59: "sample-utm", 69: "unknown", 70: "AppThreat-8000-1",
  });
  return `<14>Dec ${o.time.slice(8, 10)} ${o.time.slice(11)} sample-utm ${f.join(",")}`;
}

export function systemLine(time: string, serial: string): string {
  return `<14>Dec 01 00:00:00 sample-utm 1,${time},${serial},SYSTEM,general,0,${time},,general,,0,0,general,informational,"User admin logged in via Web from 192.0.2.50",1234,0x0,0,0,0,0,,sample-utm`;
}
