import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { PanosEvent } from "@/lib/ingest/panos/types";
import { IntelSet, type IntelListData } from "@/lib/intel/matcher";
import { parseIPv4 } from "@/lib/geo/ip";
import { levelRank, THREAT_FUNCTIONS, type Level } from "./constants";

// Alert rules on the ingest hot path. Rules are compiled once per ingest into plain checks
// (Sets keyed by subtype, action, severity, category, threat id, direction; threat-intel lists
// in Maps), bucketed by report function, so a line that matches nothing costs one Map lookup
// and a few Set lookups. Matches of one rule for one source and destination within the rule's
// window are grouped into one alert with a count.
//
// Exactly once with the batch: an ingest Batch collects its alert changes in an AlertBatch and
// writes them with its own pg client inside its transaction, before COMMIT. Killed and resumed,
// the evaluator reloads the open alerts and goes on grouping into them.

/** Sample events stored per alert (the count goes on). */
export const MAX_EVENTS_PER_ALERT = 100;

interface CompiledRule {
  id: string;
  name: string;
  level: Level;
  blockedLevel: Level | null;
  windowMs: number;
  subtypes: Set<string> | null;
  actions: Set<string> | null;
  severities: Set<string> | null;
  categories: Set<string> | null;
  threatIds: Set<number> | null;
  threatName: string | null;
  directions: Set<string> | null;
  list: { field: string; set: IntelSet } | null;
}

/** In-memory state of one (rule, source, destination) group. */
interface Group {
  id: string;
  firstMs: number;
  windowMs: number;
  stored: number;
}

interface Draft {
  id: string;
  isNew: boolean;
  group: Group;
  ruleId: string;
  ruleName: string;
  fn: string;
  level: Level;
  deviceId: string;
  srcIp: string | null;
  dstIp: string | null;
  direction: string | null;
  action: string;
  allowed: boolean;
  url: string | null;
  category: string | null;
  threatId: number | null;
  threatName: string | null;
  severity: string | null;
  eventName: string;
  count: number;
  firstMs: number;
  lastMs: number;
  stored: number;
  firstEvent: EventRow;
}

interface EventRow {
  draft: Draft | null;
  fileId: string;
  lineNo: number;
  time: string;
  action: string;
  srcIp: string | null;
  dstIp: string | null;
  srcPort: number | null;
  dstPort: number | null;
  app: string | null;
  url: string | null;
  category: string | null;
  threatName: string | null;
  threatId: number | null;
  severity: string | null;
  repeatCount: number;
}

const set = <T>(values: T[]): Set<T> | null => (values.length ? new Set(values) : null);

/** An alert rule's row, as compiled (plain data: it crosses to ingest worker threads). */
export interface AlertRuleRow {
  id: string;
  name: string;
  level: string;
  blockedLevel: string | null;
  windowMinutes: number;
  functions: string[];
  subtypes: string[];
  actions: string[];
  severities: string[];
  categories: string[];
  threatIds: (bigint | number)[];
  threatName: string;
  directions: string[];
  listId: string | null;
  listField: string | null;
}

/** The enabled rules of a customer and the entries of the lists they use, [value, expiry ms or null]. */
export interface AlertRuleData {
  rules: AlertRuleRow[];
  lists: IntelListData[];
}

/**
 * Rules of every customer plus this customer's, in priority order, with their lists. The database
 * modules are imported here, not at the top: worker threads use this module without them.
 */
export async function loadRuleData(scope: { customerId: string }, opts: { matchOnly?: boolean } = {}): Promise<AlertRuleData> {
  // Backfills of old logs can skip the rules (MAMORI_ALERT_RULES=off): no alerts for history.
  if (process.env.MAMORI_ALERT_RULES === "off") return { rules: [], lists: [] };
  const { prisma } = await import("@/lib/db/client");
  // matchOnly: the caller only matches; the ingest's own evaluator seeds the rules and groups.
  if (!opts.matchOnly) await (await import("./rules")).ensureDefaultRules();
  const rules = await prisma.alertRule.findMany({
    where: { enabled: true, OR: [{ customerId: null }, { customerId: scope.customerId }] },
    orderBy: [{ priority: "asc" }, { name: "asc" }, { id: "asc" }],
    select: {
      id: true, name: true, level: true, blockedLevel: true, windowMinutes: true, functions: true, subtypes: true, actions: true, severities: true,
      categories: true, threatIds: true, threatName: true, directions: true, listId: true, listField: true,
    },
  });
  const listIds = [...new Set(rules.map((r) => r.listId).filter((x): x is string => !!x))];
  return { rules, lists: await (await import("@/lib/intel/lists")).loadIntelListData(listIds) };
}

/** The event time as ingest has it: a Date, or a timestamptz text ("2021-12-01 00:00:03+09:00"). */
export type EventTime = Date | { text: string };

/** What rules test: the ingest's byte lane passes these without making a whole PanosEvent. */
export type AlertFields = Pick<PanosEvent, "fn" | "isSession" | "subtype" | "action" | "severity" | "category" | "threatId" | "threatName" | "srcIp" | "dstIp" | "url">;
const msOf = (t: EventTime): number => (t instanceof Date ? t.getTime() : Date.parse(t.text));
const GROUP_LIMIT = 200_000;

export class AlertEvaluator {
  private readonly byFn = new Map<string, CompiledRule[]>();
  private readonly byId = new Map<string, CompiledRule>();
  private readonly groups = new Map<string, Group>();
  /** alert id → the alert that replaced it (the old one was notified or closed meanwhile) */
  private readonly redirects = new Map<string, string>();
  private latestMs = 0;
  /** the event being matched: its time, converted to ms only if a list entry with an expiry asks */
  private time: EventTime = { text: "" };
  private timeMs = -1;
  /** the event's addresses as IPv4 numbers, parsed once for all list rules (-2: not yet, -1: not IPv4) */
  private srcN = -2;
  private dstN = -2;
  /** one closure for the whole ingest (not one per line) */
  readonly at = (): number => (this.timeMs < 0 ? (this.timeMs = msOf(this.time)) : this.timeMs);
  ruleCount = 0;

  private constructor(readonly customerId: string) {}

  /** Rules of every customer plus this customer's, their lists, and the open alerts to group into. */
  static async load(scope: { customerId: string }, opts: { matchOnly?: boolean } = {}): Promise<AlertEvaluator> {
    const ev = AlertEvaluator.fromData(scope.customerId, await loadRuleData(scope, opts));
    if (ev.ruleCount && !opts.matchOnly) await ev.loadOpenGroups();
    return ev;
  }

  /**
   * Rules compiled from their rows (loadRuleData): an ingest worker thread gets them from the main
   * thread as plain data, so it loads no database client at all.
   */
  static fromData(customerId: string, data: AlertRuleData): AlertEvaluator {
    const ev = new AlertEvaluator(customerId);
    ev.data = data;
    const lists = new Map(data.lists.map((l) => [l.id, IntelSet.fromData(l)]));
    for (const r of data.rules) {
      let list: CompiledRule["list"] = null;
      if (r.listField) {
        const s = r.listId ? lists.get(r.listId) : undefined;
        if (!s || s.size === 0) continue; // a rule on an empty (or deleted) list can never match
        list = { field: r.listField, set: s };
      }
      const compiled: CompiledRule = {
        id: r.id,
        name: r.name,
        level: r.level as Level,
        blockedLevel: (r.blockedLevel as Level | null) ?? null,
        windowMs: r.windowMinutes * 60_000,
        subtypes: set(r.subtypes),
        actions: set(r.actions),
        severities: set(r.severities),
        categories: set(r.categories),
        threatIds: set(r.threatIds.map(Number)),
        threatName: r.threatName ? r.threatName.toLowerCase() : null,
        directions: set(r.directions),
        list,
      };
      const fns = r.functions.length ? r.functions : ["firewall", "url", "vulnerability", "spyware", "virus", "wildfire"];
      for (const fn of fns) (ev.byFn.get(fn) ?? ev.byFn.set(fn, []).get(fn)!).push(compiled);
      ev.byId.set(compiled.id, compiled);
      ev.ruleCount++;
    }
    return ev;
  }

  /** The rows this evaluator was compiled from (for worker threads). */
  data: AlertRuleData = { rules: [], lists: [] };

  private async loadOpenGroups(): Promise<void> {
    const { prisma } = await import("@/lib/db/client");
    const rows = await prisma.$queryRaw<{ id: string; rule_id: string; src_ip: string | null; dst_ip: string | null; first_at: Date; window_minutes: number; stored: number }[]>`
      SELECT a.id::text, a.rule_id::text, a.src_ip, a.dst_ip, a.first_at, r.window_minutes,
             (SELECT count(*)::int FROM alert_events e WHERE e.alert_id = a.id) AS stored
      FROM alerts a JOIN alert_rules r ON r.id = a.rule_id
      WHERE a.customer_id = ${this.customerId}::uuid AND a.status IN ('new', 'investigating')
      ORDER BY a.first_at, a.id`;
    for (const r of rows) {
      this.groups.set(groupKey(r.rule_id, r.src_ip, r.dst_ip), { id: r.id, firstMs: r.first_at.getTime(), windowMs: r.window_minutes * 60_000, stored: r.stored });
    }
  }

  /** The first rule (by priority) an event matches, or null. Called for every accepted event. */
  match(ev: AlertFields, time: EventTime, direction: string | null): CompiledRule | null {
    const fn = ev.fn;
    if (fn === null) return null;
    const rules = this.byFn.get(fn);
    if (rules === undefined) return null;
    if (fn === "firewall" && !ev.isSession) return null; // a session counts once (TRAFFIC start logs are not sessions)
    this.time = time;
    this.timeMs = -1;
    this.srcN = -2;
    this.dstN = -2;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      if (r.subtypes !== null && !r.subtypes.has(ev.subtype)) continue;
      if (r.actions !== null && !r.actions.has(ev.action)) continue;
      if (r.severities !== null && (ev.severity === null || !r.severities.has(ev.severity))) continue;
      if (r.categories !== null && (ev.category === null || !r.categories.has(ev.category.toLowerCase()))) continue;
      if (r.threatIds !== null && (ev.threatId === null || !r.threatIds.has(ev.threatId))) continue;
      if (r.directions !== null && (direction === null || !r.directions.has(direction))) continue;
      if (r.threatName !== null && (ev.threatName === null || !ev.threatName.toLowerCase().includes(r.threatName))) continue;
      if (r.list !== null && !this.listMatches(r.list, ev)) continue;
      return r;
    }
    return null;
  }

  private inList(set: IntelSet, ip: string | null, which: "src" | "dst"): boolean {
    if (ip === null) return false;
    let n = which === "src" ? this.srcN : this.dstN;
    if (n === -2) {
      n = parseIPv4(ip);
      if (which === "src") this.srcN = n;
      else this.dstN = n;
    }
    return n >= 0 ? set.hasV4(n, this.at) : set.hasIp(ip, this.at);
  }

  private listMatches(list: { field: string; set: IntelSet }, ev: AlertFields): boolean {
    switch (list.field) {
      case "src":
        return this.inList(list.set, ev.srcIp, "src");
      case "dst":
        return this.inList(list.set, ev.dstIp, "dst");
      case "either":
        return this.inList(list.set, ev.srcIp, "src") || this.inList(list.set, ev.dstIp, "dst");
      case "domain":
        return ev.url !== null && list.set.hasUrl(ev.url, this.at);
      default:
        return false;
    }
  }

  /** @internal a rule by id (matches found by an ingest worker thread are replayed by id) */
  rule(id: string): CompiledRule | undefined {
    return this.byId.get(id);
  }

  /** A collector for one ingest batch (one transaction). */
  batch(fileId: string): AlertBatch {
    return new AlertBatch(this, fileId);
  }

  /** @internal used by AlertBatch */
  group(rule: CompiledRule, ev: PanosEvent, atMs: number): { group: Group; created: boolean } {
    const key = groupKey(rule.id, ev.srcIp, ev.dstIp);
    const g = this.groups.get(key);
    if (atMs > this.latestMs) this.latestMs = atMs;
    if (g !== undefined && Math.abs(atMs - g.firstMs) < g.windowMs) return { group: g, created: false };
    if (this.groups.size >= GROUP_LIMIT) this.prune();
    const fresh: Group = { id: randomUUID(), firstMs: atMs, windowMs: rule.windowMs, stored: 0 };
    this.groups.set(key, fresh);
    return { group: fresh, created: true };
  }

  /** @internal the alert an id now stands for */
  resolve(id: string): string {
    let cur = id;
    for (let next = this.redirects.get(cur); next !== undefined; next = this.redirects.get(cur)) cur = next;
    return cur;
  }

  /** @internal */
  redirect(from: string, to: string): void {
    this.redirects.set(from, to);
  }

  private prune(): void {
    for (const [k, g] of this.groups) if (g.firstMs + g.windowMs < this.latestMs) this.groups.delete(k);
    if (this.groups.size >= GROUP_LIMIT) this.groups.clear(); // pathological: start new groups
  }
}

function groupKey(ruleId: string, src: string | null, dst: string | null): string {
  return ruleId + "|" + (src ?? "") + "|" + (dst ?? "");
}

/** What the notification and the report call an alert's event: "Name(id)" for threats, else the rule name. */
function eventNameOf(rule: CompiledRule, ev: PanosEvent): string {
  if (ev.fn !== null && THREAT_FUNCTIONS.has(ev.fn) && (ev.threatName || ev.threatId !== null)) return `${ev.threatName ?? ""}(${ev.threatId ?? ""})`;
  return rule.name;
}

/** A rule match found by an ingest worker thread, replayed in file order by AlertBatch.addMatch. */
export interface AlertMatch {
  ruleId: string;
  event: PanosEvent;
  time: string;
  direction: string | null;
  lineNo: number;
  deviceId: string;
}

/** One batch's new alerts, counts into existing ones, and sample events; written by flush(). */
export class AlertBatch {
  private readonly drafts = new Map<Group, Draft>();
  private readonly events: EventRow[] = [];

  constructor(
    private readonly evaluator: AlertEvaluator,
    private readonly fileId: string,
  ) {}

  get size(): number {
    return this.drafts.size;
  }

  /** Per accepted event: most return at the first Map lookup. */
  add(ev: PanosEvent, time: EventTime, direction: string | null, lineNo: number, deviceId: string): void {
    const rule = this.evaluator.match(ev, time, direction);
    if (rule === null) return;
    this.addMatched(rule, ev, this.evaluator.at(), lineNo, deviceId, direction);
  }

  /**
   * A match found elsewhere (an ingest worker thread runs match(); grouping stays here, in file
   * order). A rule deleted between the two loads is ignored: its matches raise nothing.
   */
  addMatch(m: AlertMatch): void {
    const rule = this.evaluator.rule(m.ruleId);
    if (rule !== undefined) this.addMatched(rule, m.event, msOf({ text: m.time }), m.lineNo, m.deviceId, m.direction);
  }

  private addMatched(rule: CompiledRule, ev: PanosEvent, atMs: number, lineNo: number, deviceId: string, direction: string | null): void {
    const level = !ev.allowed && rule.blockedLevel !== null ? rule.blockedLevel : rule.level;
    const { group, created } = this.evaluator.group(rule, ev, atMs);
    let d = this.drafts.get(group);
    // Sample events are built only while the alert still takes samples (floods cost a count, not a row).
    const row = group.stored < MAX_EVENTS_PER_ALERT || d === undefined ? this.row(ev, atMs, lineNo) : null;
    if (d === undefined) {
      d = {
        id: group.id,
        isNew: created,
        group,
        ruleId: rule.id,
        ruleName: rule.name,
        fn: ev.fn!,
        level,
        deviceId,
        srcIp: ev.srcIp,
        dstIp: ev.dstIp,
        direction,
        action: ev.action,
        allowed: ev.allowed,
        url: ev.url,
        category: ev.category,
        threatId: ev.threatId,
        threatName: ev.threatName,
        severity: ev.severity,
        eventName: eventNameOf(rule, ev),
        count: 0,
        firstMs: atMs,
        lastMs: atMs,
        stored: 0,
        firstEvent: row!,
      };
      this.drafts.set(group, d);
    }
    d.count += ev.repeatCount;
    if (atMs < d.firstMs) d.firstMs = atMs;
    if (atMs > d.lastMs) d.lastMs = atMs;
    if (level !== d.level && levelRank(level) > levelRank(d.level)) d.level = level;
    if (ev.allowed) d.allowed = true;
    if (row !== null && group.stored < MAX_EVENTS_PER_ALERT) {
      row.draft = d;
      group.stored++;
      d.stored++;
      this.events.push(row);
    } else if (row !== null) row.draft = d;
  }

  private row(ev: PanosEvent, atMs: number, lineNo: number): EventRow {
    return {
      draft: null,
      fileId: this.fileId,
      lineNo,
      time: new Date(atMs).toISOString(),
      action: ev.action,
      srcIp: ev.srcIp,
      dstIp: ev.dstIp,
      srcPort: ev.srcPort,
      dstPort: ev.dstPort,
      app: ev.app,
      url: ev.url,
      category: ev.category,
      threatName: ev.threatName,
      threatId: ev.threatId,
      severity: ev.severity,
      repeatCount: ev.repeatCount,
    };
  }

  /**
   * Writes this batch's alert changes with the batch's client, inside its transaction. Counts go
   * into alerts still new or under investigation; an alert notified or closed meanwhile is left
   * as it was and the matches start a new alert.
   */
  async flush(client: pg.ClientBase): Promise<void> {
    if (this.drafts.size === 0) return;
    const ev = this.evaluator;
    const drafts = [...this.drafts.values()];
    for (const d of drafts) if (!d.isNew) d.id = ev.resolve(d.id);
    // In id order, so concurrent ingests of one customer lock alert rows in the same order.
    const updates = drafts.filter((d) => !d.isNew).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    if (updates.length) {
      const { rows } = await client.query<{ id: string }>(
        `UPDATE alerts a SET count = a.count + u.count, first_at = least(a.first_at, u.first_at), last_at = greatest(a.last_at, u.last_at),
           allowed = a.allowed OR u.allowed, updated_at = now(),
           level = CASE WHEN array_position(ARRAY['warning','minor','critical','fatal'], u.level) > array_position(ARRAY['warning','minor','critical','fatal'], a.level) THEN u.level ELSE a.level END
         FROM unnest($2::uuid[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::bool[], $7::text[]) AS u(id, count, first_at, last_at, allowed, level)
         WHERE a.id = u.id AND a.customer_id = $1 AND a.status IN ('new', 'investigating')
         RETURNING a.id::text`,
        [
          ev.customerId,
          updates.map((d) => d.id),
          updates.map((d) => d.count),
          updates.map((d) => new Date(d.firstMs).toISOString()),
          updates.map((d) => new Date(d.lastMs).toISOString()),
          updates.map((d) => d.allowed),
          updates.map((d) => d.level),
        ],
      );
      const counted = new Set(rows.map((r) => r.id));
      for (const d of updates) {
        if (counted.has(d.id)) continue;
        const replacement = randomUUID();
        ev.redirect(d.id, replacement);
        if (d.group.id === d.id) {
          d.group.id = replacement;
          d.group.stored = d.stored;
        }
        d.id = replacement;
        d.isNew = true;
        if (d.stored === 0) {
          d.stored = 1;
          d.group.stored++;
          this.events.push(d.firstEvent); // the old alert had its fill of samples: give the new one its first event
        }
      }
    }
    const news = drafts.filter((d) => d.isNew);
    if (news.length) {
      await client.query(
        `INSERT INTO alerts (id, customer_id, rule_id, rule_name, fn, level, device_id, src_ip, dst_ip, direction, action, allowed, url, category,
                             threat_id, threat_name, severity, event_name, count, first_at, last_at)
         SELECT t.id, $1, t.rule_id, t.rule_name, t.fn, t.level, t.device_id, t.src_ip, t.dst_ip, t.direction, t.action, t.allowed, t.url, t.category,
                t.threat_id, t.threat_name, t.severity, t.event_name, t.count, t.first_at, t.last_at
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bool[],
                     $13::text[], $14::text[], $15::bigint[], $16::text[], $17::text[], $18::text[], $19::int[], $20::timestamptz[], $21::timestamptz[])
           AS t(id, rule_id, rule_name, fn, level, device_id, src_ip, dst_ip, direction, action, allowed, url, category, threat_id, threat_name, severity,
                event_name, count, first_at, last_at)`,
        [
          ev.customerId,
          news.map((d) => d.id),
          news.map((d) => d.ruleId),
          news.map((d) => d.ruleName),
          news.map((d) => d.fn),
          news.map((d) => d.level),
          news.map((d) => d.deviceId),
          news.map((d) => d.srcIp),
          news.map((d) => d.dstIp),
          news.map((d) => d.direction),
          news.map((d) => d.action),
          news.map((d) => d.allowed),
          news.map((d) => d.url),
          news.map((d) => d.category),
          news.map((d) => d.threatId),
          news.map((d) => d.threatName),
          news.map((d) => d.severity),
          news.map((d) => d.eventName),
          news.map((d) => d.count),
          news.map((d) => new Date(d.firstMs).toISOString()),
          news.map((d) => new Date(d.lastMs).toISOString()),
        ],
      );
      for (const d of news) d.isNew = false;
    }
    if (this.events.length) {
      const e = this.events;
      await client.query(
        `INSERT INTO alert_events (alert_id, customer_id, file_id, line_no, time, action, src_ip, dst_ip, src_port, dst_port, app, url, category, threat_name, threat_id, severity, repeat_count)
         SELECT t.alert_id, $1, t.file_id, t.line_no, t.time, t.action, t.src_ip, t.dst_ip, t.src_port, t.dst_port, t.app, t.url, t.category, t.threat_name, t.threat_id, t.severity, t.repeat_count
         FROM unnest($2::uuid[], $3::bigint[], $4::bigint[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[], $11::text[], $12::text[], $13::text[],
                     $14::text[], $15::bigint[], $16::text[], $17::int[])
           AS t(alert_id, file_id, line_no, time, action, src_ip, dst_ip, src_port, dst_port, app, url, category, threat_name, threat_id, severity, repeat_count)
         ON CONFLICT DO NOTHING`,
        [
          ev.customerId,
          e.map((r) => r.draft!.id),
          e.map((r) => r.fileId),
          e.map((r) => r.lineNo),
          e.map((r) => r.time),
          e.map((r) => r.action),
          e.map((r) => r.srcIp),
          e.map((r) => r.dstIp),
          e.map((r) => r.srcPort),
          e.map((r) => r.dstPort),
          e.map((r) => r.app),
          e.map((r) => r.url),
          e.map((r) => r.category),
          e.map((r) => r.threatName),
          e.map((r) => r.threatId),
          e.map((r) => r.severity),
          e.map((r) => r.repeatCount),
        ],
      );
    }
    this.drafts.clear();
    this.events.length = 0;
  }
}
