import { z } from "zod";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { CLI_ACTOR } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { ALERT_FUNCTIONS, DIRECTIONS, LEVELS, LIST_FIELDS, SEVERITIES } from "./constants";

// Alert rules: what the ingest turns into alerts. Analysts and admins edit them; every change
// is audited. Rules are disabled, never deleted, so alerts keep pointing at them.

/** "a, b c" or ["a","b"] → trimmed, lower-cased, de-duplicated tokens. */
const tokenList = (allowed?: readonly string[], max = 100) =>
  z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((v) => [...new Set((Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim().toLowerCase()).filter(Boolean))])
    .pipe(z.array(allowed ? z.enum(allowed as [string, ...string[]], { message: "invalid" }) : z.string().max(100, "tooLong").regex(/^[a-z0-9._\-*]+$/, "invalid")).max(max, "tooLong"));

const emptyToNull = (v: unknown) => (v === "" || v === undefined ? null : v);

export const ruleInputSchema = z
  .object({
    name: z.string().trim().min(1, "required").max(200, "tooLong"),
    description: z.string().trim().max(2000, "tooLong").default(""),
    enabled: z.boolean().default(true),
    priority: z.coerce.number({ message: "invalid" }).int("invalid").min(0, "invalid").max(100_000, "invalid").default(100),
    level: z.enum(LEVELS, { message: "invalid" }),
    blockedLevel: z.preprocess(emptyToNull, z.enum(LEVELS, { message: "invalid" }).nullable()).default(null),
    customerSlug: z.preprocess(emptyToNull, z.string().trim().nullable()).default(null),
    functions: tokenList(ALERT_FUNCTIONS),
    subtypes: tokenList(),
    actions: tokenList(),
    severities: tokenList(SEVERITIES),
    categories: tokenList(undefined, 500),
    threatIds: z
      .union([z.string(), z.array(z.union([z.string(), z.number(), z.bigint()]))])
      .default([])
      .transform((v) => (Array.isArray(v) ? v.map(String) : v.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^\d{1,12}$/, "invalid")).max(1000, "tooLong"))
      .transform((ids) => [...new Set(ids)].map((s) => BigInt(s))),
    threatName: z.string().trim().max(200, "tooLong").default(""),
    directions: tokenList(DIRECTIONS),
    listId: z.preprocess(emptyToNull, z.string().uuid("invalid").nullable()).default(null),
    listField: z.preprocess(emptyToNull, z.enum(LIST_FIELDS, { message: "invalid" }).nullable()).default(null),
    windowMinutes: z.coerce.number({ message: "invalid" }).int("invalid").min(1, "invalid").max(10_080, "invalid").default(60),
  })
  .superRefine((r, ctx) => {
    if (r.listId && !r.listField) ctx.addIssue({ code: "custom", path: ["listField"], message: "required" });
    if (r.listField && !r.listId) ctx.addIssue({ code: "custom", path: ["listId"], message: "required" });
  });
export type RuleInput = z.input<typeof ruleInputSchema>;

async function resolveRefs(data: z.infer<typeof ruleInputSchema>) {
  let customerId: string | null = null;
  if (data.customerSlug) {
    const c = await prisma.customer.findUnique({ where: { slug: data.customerSlug }, select: { id: true } });
    if (!c) throw new InputError({ customerSlug: "unknownCustomer" });
    customerId = c.id;
  }
  if (data.listId) {
    const list = await prisma.threatList.findUnique({ where: { id: data.listId } });
    if (!list) throw new InputError({ listId: "notFound" });
    // A list of one customer can only feed that customer's rules.
    if (list.customerId && list.customerId !== customerId) throw new InputError({ listId: "listOtherCustomer" });
    if ((list.kind === "domain") !== (data.listField === "domain")) throw new InputError({ listField: "listKind" });
  }
  const { customerSlug: _drop, ...rest } = data;
  return { ...rest, customerId };
}

/** Audit rows are JSON: threat ids (bigint) as strings. */
function auditable<T extends { threatIds: bigint[] }>(rule: T) {
  return { ...rule, threatIds: rule.threatIds.map(String) };
}

export async function listRules() {
  await ensureDefaultRules();
  const rules = await prisma.alertRule.findMany({ orderBy: [{ priority: "asc" }, { name: "asc" }], include: { list: { select: { name: true } }, _count: { select: { alerts: true } } } });
  const ids = [...new Set(rules.map((r) => r.customerId).filter((x): x is string => !!x))];
  const customers = await prisma.customer.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true } });
  const slugOf = new Map(customers.map((c) => [c.id, c.slug]));
  return rules.map((r) => ({ ...r, customerSlug: r.customerId ? (slugOf.get(r.customerId) ?? null) : null }));
}

export async function getRule(id: string) {
  const rule = await prisma.alertRule.findUnique({ where: { id } });
  if (!rule) return null;
  const customer = rule.customerId ? await prisma.customer.findUnique({ where: { id: rule.customerId }, select: { slug: true } }) : null;
  return { ...rule, customerSlug: customer?.slug ?? null };
}

export async function createRule(input: unknown, actor: Actor) {
  const data = await resolveRefs(parseInput(ruleInputSchema, input));
  return prisma.$transaction(async (tx) => {
    const rule = await tx.alertRule.create({ data });
    await writeAudit({ actor, action: "rule.create", entityType: "alert_rule", entityId: rule.id, customerId: rule.customerId, after: auditable(rule) }, tx);
    return rule;
  });
}

export async function updateRule(id: string, input: unknown, actor: Actor) {
  const data = await resolveRefs(parseInput(ruleInputSchema, input));
  return prisma.$transaction(async (tx) => {
    const before = await tx.alertRule.findUnique({ where: { id } });
    if (!before) throw new InputError({ id: "notFound" });
    const after = await tx.alertRule.update({ where: { id }, data });
    await writeAudit({ actor, action: "rule.update", entityType: "alert_rule", entityId: id, customerId: after.customerId ?? before.customerId, before: auditable(before), after: auditable(after) }, tx);
    return after;
  });
}

// ---------------------------------------------------------------- built-in rules

export const DEFAULT_LISTS = [
  { key: "malicious-ip-high", name: "Malicious IP (High)", kind: "ip", source: "SOC", description: "悪性情報のある IP アドレス (確度: 高)" },
  { key: "malicious-domain", name: "Malicious Domains", kind: "domain", source: "SOC", description: "悪性情報のあるドメイン" },
] as const;

type DefaultRule = Omit<Prisma.AlertRuleUncheckedCreateInput, "listId"> & { key: string; listName?: string };

/** The rules behind the sample report's notified alerts. */
export const DEFAULT_RULES: DefaultRule[] = [
  {
    key: "wildfire-malicious",
    name: "WildFire Malicious Verdict",
    description: "WildFire が悪性 (malware / phishing / c2) と判定したファイル・リンク",
    priority: 10,
    level: "critical",
    blockedLevel: "minor",
    functions: ["wildfire"],
    categories: ["malware", "phishing", "c2"],
  },
  {
    key: "url-malicious-category",
    name: "URL-Paloalto-Malicious Category",
    description: "悪性 URL カテゴリへのアクセス (通過: Critical、遮断: Minor)",
    priority: 20,
    level: "critical",
    blockedLevel: "minor",
    functions: ["url"],
    categories: ["malware", "phishing", "command-and-control", "ransomware"],
  },
  {
    key: "malicious-domain",
    name: "Access to Malicious Domain",
    description: "脅威インテリジェンスの悪性ドメインへのアクセス・名前解決",
    priority: 30,
    level: "critical",
    blockedLevel: "minor",
    functions: ["url", "spyware"],
    listName: "Malicious Domains",
    listField: "domain",
  },
  {
    key: "threat-critical",
    name: "Threat Severity Critical",
    description: "重大度 critical の脅威 (通過: Fatal、遮断: Critical)",
    priority: 40,
    level: "fatal",
    blockedLevel: "critical",
    functions: ["vulnerability", "spyware", "virus"],
    severities: ["critical"],
  },
  {
    key: "threat-high",
    name: "Threat Severity High",
    description: "重大度 high の脅威 (通過: Critical、遮断: Minor)",
    priority: 50,
    level: "critical",
    blockedLevel: "minor",
    functions: ["vulnerability", "spyware", "virus"],
    severities: ["high"],
  },
  {
    key: "threat-medium",
    name: "Threat Severity Medium",
    description: "重大度 medium の脅威",
    priority: 60,
    level: "minor",
    functions: ["vulnerability", "spyware", "virus"],
    severities: ["medium"],
  },
  {
    key: "malicious-ip-from",
    name: "Access from Malicious IP High",
    description: "悪性情報のある IP アドレスからの通信",
    priority: 70,
    level: "minor",
    functions: ["firewall"],
    listName: "Malicious IP (High)",
    listField: "src",
  },
  {
    key: "malicious-ip-to",
    name: "Access to Malicious IP High",
    description: "悪性情報のある IP アドレスへの通信 (通過: Critical、遮断: Minor)",
    priority: 80,
    level: "critical",
    blockedLevel: "minor",
    functions: ["firewall"],
    listName: "Malicious IP (High)",
    listField: "dst",
  },
];

let defaultsEnsured = false;

/** Creates the built-in lists and rules the first time (idempotent, safe under concurrency). */
export async function ensureDefaultRules(): Promise<void> {
  if (defaultsEnsured) return;
  const existing = await prisma.alertRule.count({ where: { key: { in: DEFAULT_RULES.map((r) => r.key) } } });
  if (existing === DEFAULT_RULES.length) {
    defaultsEnsured = true;
    return;
  }
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(727273)`;
    const lists = new Map<string, string>();
    for (const l of DEFAULT_LISTS) {
      const found = await tx.threatList.findUnique({ where: { name: l.name } });
      const list = found ?? (await tx.threatList.create({ data: { name: l.name, kind: l.kind, source: l.source, description: l.description } }));
      if (!found) await writeAudit({ actor: CLI_ACTOR, action: "intel.list_create", entityType: "threat_list", entityId: list.id, after: list }, tx);
      lists.set(l.name, list.id);
    }
    for (const { listName, ...r } of DEFAULT_RULES) {
      if (await tx.alertRule.findUnique({ where: { key: r.key } })) continue;
      const rule = await tx.alertRule.create({ data: { ...r, listId: listName ? lists.get(listName) : null } });
      await writeAudit({ actor: CLI_ACTOR, action: "rule.create", entityType: "alert_rule", entityId: rule.id, after: auditable(rule) }, tx);
    }
  });
  defaultsEnsured = true;
}
