import type { PoolClient } from "pg";
import { pgPool } from "@/lib/db/pool";
import type { EventFilter } from "./filter";
import { EVENT_COLUMNS_SQL, buildEventQuery, planAsLookup, type EventScope } from "./search-events";

// CSV of every event matching a filter, streamed: a server-side cursor fetched a few thousand
// rows at a time, so memory stays flat however many rows match.

const FETCH = 5000;
const HEADER = ["time", "function", "log_type", "subtype", "action", "allowed", "src_ip", "src_port", "dst_ip", "dst_port", "protocol", "app", "rule", "url", "category", "threat_name", "threat_id", "severity", "direction", "src_country", "dst_country", "repeat_count", "event_id"];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  // Formula injection guard for spreadsheet users, then RFC 4180 quoting.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(r: Record<string, unknown>): string {
  return (
    [r.time, r.fn, r.logType, r.subtype, r.action, r.allowed, r.srcIp, r.srcPort, r.dstIp, r.dstPort, r.protocol, r.app, r.rule, r.url, r.category, r.threatName, r.threatId, r.severity, r.direction, r.srcCountry, r.dstCountry, r.repeatCount, r.id]
      .map(csvCell)
      .join(",") + "\r\n"
  );
}

export function exportEventsCsv(scope: EventScope, f: EventFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let client: PoolClient | null = null;
  const close = async () => {
    if (!client) return;
    const c = client;
    client = null;
    await c.query("ROLLBACK").catch(() => {});
    c.release();
  };
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const c = await pgPool().connect();
      client = c;
      const q = await buildEventQuery(c, scope, f);
      await c.query("BEGIN READ ONLY");
      await planAsLookup(c, q);
      await c.query(`DECLARE events_csv NO SCROLL CURSOR FOR SELECT ${EVENT_COLUMNS_SQL} FROM events WHERE ${q.where} ORDER BY events.time, file_id, line_no`, q.params);
      controller.enqueue(encoder.encode("\uFEFF" + HEADER.join(",") + "\r\n")); // BOM: Excel reads UTF-8 Japanese correctly
    },
    async pull(controller) {
      const c = client as PoolClient | null;
      if (!c) return controller.close();
      const { rows } = await c.query(`FETCH ${FETCH} FROM events_csv`);
      if (!rows.length) {
        await close();
        controller.close();
        return;
      }
      let chunk = "";
      for (const r of rows) chunk += csvRow(r);
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await close();
    },
  });
}
