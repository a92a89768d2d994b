import { pgPool } from "@/lib/db/pool";
import { rawLine } from "@/lib/ingest/raw-lines";

/** One event's full normalised record and its original line; null when it is not the caller's. */
export async function getEvent(scope: { customerId: string; timezone: string }, id: string) {
  const m = /^(\d{1,18})-(\d{1,18})$/.exec(id);
  if (!m) return null;
  const [, fileId, lineNo] = m;
  const { rows } = await pgPool().query(
    `SELECT to_char(e.time AT TIME ZONE $4, 'YYYY-MM-DD HH24:MI:SS') AS "localTime", e.time, d.hostname AS device, d.serial,
            e.log_type, e.subtype, e.fn, e.action, e.allowed, e.is_session, e.repeat_count, host(e.src_ip) AS src_ip, e.src_port,
            host(e.dst_ip) AS dst_ip, e.dst_port, e.protocol, e.app, e.rule, e.src_zone, e.dst_zone, e.src_user, e.dst_user,
            e.direction, e.url, e.category, e.threat_id::text AS threat_id, e.threat_name, e.severity, e.bytes::text AS bytes,
            e.packets::text AS packets, e.src_country, e.src_org, e.dst_country, e.dst_org, e.file_id::text AS file_id, e.line_no::text AS line_no
     FROM events e JOIN devices d ON d.id = e.device_id
     WHERE e.customer_id = $1 AND e.file_id = $2 AND e.line_no = $3 LIMIT 1`,
    [scope.customerId, fileId, lineNo, scope.timezone],
  );
  const row = rows[0];
  if (!row) return null;
  const raw = await rawLine(scope, BigInt(fileId!), BigInt(lineNo!));
  return { record: row as Record<string, unknown>, raw };
}
