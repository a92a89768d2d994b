import { prisma } from "@/lib/db/client";
import type { CustomerContext } from "@/lib/ingest/context";
import { monthStart, previousMonth } from "./month";

// Figures behind the analysts' commentary that the report's tables do not show: firewall sessions
// by direction (内部間 / 内部から外部 / 外部から内部) with their main ports, the ports of blocked
// sessions, last month's top URL categories, and the direction of each threat event. Read from
// rollups (fw.dir_port, url.category, threat.src / threat.dst); part of ReportData, so drafts,
// views and PDF use the same numbers.

export const DIRECTION_LABEL: Record<string, string> = {
  internal: "内部間",
  outbound: "内部から外部",
  inbound: "外部から内部",
  external: "外部間",
  unknown: "方向不明",
};

export interface PortCount {
  port: number;
  /** upper case, "TCP" */
  protocols: string[];
  count: number;
}

export interface DirectionTraffic {
  direction: string;
  label: string;
  current: number;
  previous: number;
  /** current / previous in percent; null without a previous value */
  ratio: number | null;
  blocked: number;
  /** the direction's busiest destination ports (protocols merged per port), top 3 */
  topPorts: PortCount[];
}

export interface TrafficAnalysis {
  directions: DirectionTraffic[];
  /** destination ports of blocked firewall sessions, top 3, with their share of all blocked sessions (%) */
  blockedPorts: (PortCount & { share: number })[];
  /** last month's top URL categories (names, most frequent first, up to 10) */
  previousTopCategories: string[];
  /** "fn|threatId" → direction of most of the event's traffic */
  eventDirections: Record<string, string>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const DIRECTION_ORDER = ["internal", "outbound", "inbound", "external", "unknown"];

function mergePorts(rows: { port: number; protocol: string; count: number }[], limit: number): PortCount[] {
  const byPort = new Map<number, PortCount>();
  for (const r of rows) {
    const p = byPort.get(r.port) ?? { port: r.port, protocols: [], count: 0 };
    p.count += r.count;
    if (r.protocol && !p.protocols.includes(r.protocol)) p.protocols.push(r.protocol);
    byPort.set(r.port, p);
  }
  return [...byPort.values()].sort((a, b) => b.count - a.count || a.port - b.port).slice(0, limit);
}

export async function buildTrafficAnalysis(customerId: string, month: string, ctx: CustomerContext): Promise<{ trafficAnalysis: TrafficAnalysis }> {
  const prev = previousMonth(month);
  const rows = await prisma.$queryRaw<{ month: Date; dimension: string; key: string; count: bigint }[]>`
    SELECT month, dimension, key, count FROM rollup_monthly
    WHERE customer_id = ${customerId}::uuid AND month IN (${monthStart(month)}::date, ${monthStart(prev)}::date)
      AND dimension IN ('fw.dir_port', 'url.category', 'threat.src', 'threat.dst')`;
  const current = monthStart(month).getTime();

  const dirs = new Map<string, { current: number; previous: number; blocked: number; ports: { port: number; protocol: string; count: number }[] }>();
  const blocked: { port: number; protocol: string; count: number }[] = [];
  let fwBlocked = 0;
  const prevCategories: { key: string; count: number }[] = [];
  const endpoints = new Map<string, { src: Map<boolean, number>; dst: Map<boolean, number> }>();

  for (const r of rows) {
    const n = Number(r.count);
    const isCurrent = r.month.getTime() === current;
    if (r.dimension === "fw.dir_port") {
      const [direction = "unknown", portProto = "", action] = r.key.split("|");
      const [port, protocol = ""] = portProto.split("/");
      const d = dirs.get(direction) ?? { current: 0, previous: 0, blocked: 0, ports: [] };
      dirs.set(direction, d);
      if (!isCurrent) {
        d.previous += n;
        continue;
      }
      d.current += n;
      const pc = { port: Number(port), protocol: protocol.toUpperCase(), count: n };
      d.ports.push(pc);
      if (action === "deny") {
        d.blocked += n;
        fwBlocked += n;
        blocked.push(pc);
      }
    } else if (r.dimension === "url.category") {
      if (!isCurrent) prevCategories.push({ key: r.key, count: n });
    } else if (isCurrent) {
      const [fn, id, ...ip] = r.key.split("|");
      const k = `${fn}|${id}`;
      const e = endpoints.get(k) ?? { src: new Map(), dst: new Map() };
      endpoints.set(k, e);
      const side = r.dimension === "threat.src" ? e.src : e.dst;
      const internal = ctx.address(ip.join("|")).internal;
      side.set(internal, (side.get(internal) ?? 0) + n);
    }
  }

  const majorityInternal = (m: Map<boolean, number>): boolean | null => (m.size === 0 ? null : (m.get(true) ?? 0) >= (m.get(false) ?? 0));
  const eventDirections: Record<string, string> = {};
  for (const [k, e] of endpoints) {
    const src = majorityInternal(e.src);
    const dst = majorityInternal(e.dst);
    eventDirections[k] =
      src === null || dst === null ? "unknown" : src && dst ? "internal" : src ? "outbound" : dst ? "inbound" : "external";
  }

  const blockedPorts = mergePorts(blocked, 3).map((p) => ({ ...p, share: fwBlocked ? round2((100 * p.count) / fwBlocked) : 0 }));
  const directions = [...dirs.entries()]
    .filter(([, d]) => d.current > 0 || d.previous > 0)
    .sort((a, b) => DIRECTION_ORDER.indexOf(a[0]) - DIRECTION_ORDER.indexOf(b[0]))
    .map(([direction, d]) => ({
      direction,
      label: DIRECTION_LABEL[direction] ?? direction,
      current: d.current,
      previous: d.previous,
      ratio: d.previous > 0 ? round2((100 * d.current) / d.previous) : null,
      blocked: d.blocked,
      topPorts: mergePorts(d.ports, 3),
    }));

  return {
    trafficAnalysis: {
      directions,
      blockedPorts,
      previousTopCategories: prevCategories.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).slice(0, 10).map((c) => c.key),
      eventDirections,
    },
  };
}
