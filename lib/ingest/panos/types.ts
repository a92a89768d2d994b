// Output types of the PAN-OS syslog parser (parse.ts).
// Field positions and semantics: shared/docs/panos-log-format.md.

/** Report section a log feeds (design.md, "Mapping PAN-OS logs to report functions"). */
export type ReportFunction = "firewall" | "url" | "vulnerability" | "spyware" | "virus" | "wildfire";

export type ParseResult =
  | { ok: true; kind: "event"; event: PanosEvent }
  /** A well-formed PAN-OS line of another type (SYSTEM, CONFIG, GLOBALPROTECT, …): kept, never lost. */
  | { ok: true; kind: "other"; logType: string; serial: string | null; generatedTime: string | null; raw: string }
  /** Not a usable PAN-OS line. `reason` is short and human-readable; `excerpt` = first ~200 chars. */
  | { ok: false; reason: string; excerpt: string };

/**
 * One TRAFFIC or THREAT record. Strings are trimmed; empty fields are null.
 * Times are device-local wall-clock strings (the firewall's zone is not in the log):
 * convert with time.ts using the device's configured zone.
 */
export interface PanosEvent {
  serial: string | null;
  logType: "TRAFFIC" | "THREAT";
  /** Raw subtype as logged (`end`, `start`, `url`, `wildfire`, …); unknown values kept, "" if empty. */
  subtype: string;
  /** Device-local "YYYY-MM-DD HH:MM:SS" (normalised from "YYYY/MM/DD HH:MM:SS"), or ISO if the source had ISO (CDL). */
  receiveTime: string | null;
  /** Same format; the event time. */
  generatedTime: string;
  /** ISO with offset when present (PAN-OS 10.0+), epoch-zero placeholders ignored. */
  highResTime: string | null;
  srcIp: string | null;
  dstIp: string | null;
  /** null when the firewall logged no translation (`0.0.0.0`, `::` or empty). */
  natSrcIp: string | null;
  natDstIp: string | null;
  rule: string | null;
  srcUser: string | null;
  dstUser: string | null;
  app: string | null;
  vsys: string | null;
  srcZone: string | null;
  dstZone: string | null;
  inInterface: string | null;
  outInterface: string | null;
  sessionId: string | null;
  /** Identical events folded into this record; always >= 1. Weight counts by it. */
  repeatCount: number;
  srcPort: number | null;
  dstPort: number | null;
  natSrcPort: number | null;
  natDstPort: number | null;
  protocol: string | null;
  action: string;
  /** action ∈ {allow, alert, continue, override}. */
  allowed: boolean;
  /** false only for TRAFFIC `start` (a session counts once, on its end/drop/deny log). */
  isSession: boolean;
  bytes: number | null;
  bytesSent: number | null;
  bytesReceived: number | null;
  packets: number | null;
  packetsSent: number | null;
  packetsReceived: number | null;
  /** Session duration in seconds (TRAFFIC). */
  elapsed: number | null;
  /** Session start, same format as generatedTime (TRAFFIC). */
  startTime: string | null;
  sessionEndReason: string | null;
  /** TRAFFIC 37, THREAT 33 (for `wildfire` this is the verdict). */
  category: string | null;
  /** THREAT misc field 31 (URL without scheme, or file name). */
  url: string | null;
  /** Text of field 32 before the last `(digits)` group; null when empty (url logs are just `(9999)`). */
  threatName: string | null;
  threatId: number | null;
  /** Lowercased. */
  severity: string | null;
  threatDirection: string | null;
  threatCategory: string | null;
  contentType: string | null;
  fileDigest: string | null;
  fileType: string | null;
  reportId: string | null;
  /** 64-bit per-device log id, kept as a decimal string (exceeds 2^53). */
  sequence: string | null;
  srcLocation: string | null;
  dstLocation: string | null;
  deviceName: string | null;
  ruleUuid: string | null;
  fn: ReportFunction | null;
}
