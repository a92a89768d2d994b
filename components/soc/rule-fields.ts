import type { FieldDef } from "../entity-form";
import { LEVELS, LEVEL_LABEL, LIST_FIELDS } from "@/lib/alerts/constants";

type T = (key: string) => string;

export interface RuleValues {
  name: string;
  description: string;
  enabled: boolean;
  priority: number;
  level: string;
  blockedLevel: string | null;
  customerSlug: string | null;
  functions: string[];
  subtypes: string[];
  actions: string[];
  severities: string[];
  categories: string[];
  threatIds: bigint[];
  threatName: string;
  directions: string[];
  listId: string | null;
  listField: string | null;
  windowMinutes: number;
}

/** Fields of the rule form (new and edit); list-valued conditions are comma-separated. */
export function ruleFields(t: T, customers: { slug: string; name: string }[], lists: { id: string; name: string; kind: string }[], r?: RuleValues): FieldDef[] {
  const levelOptions = LEVELS.map((l) => ({ value: l, label: LEVEL_LABEL[l] }));
  const join = (v: (string | bigint)[] | undefined) => (v ?? []).map(String).join(", ");
  return [
    { name: "name", label: t("name"), defaultValue: r?.name, placeholder: "URL-Paloalto-Malicious Category" },
    { name: "description", label: t("description"), type: "textarea", defaultValue: r?.description },
    { name: "enabled", label: t("enabled"), type: "checkbox", defaultValue: r?.enabled ?? true },
    { name: "priority", label: t("priority"), defaultValue: String(r?.priority ?? 100), hint: t("priorityHint") },
    { name: "level", label: t("level"), type: "select", defaultValue: r?.level ?? "minor", options: levelOptions },
    { name: "blockedLevel", label: t("blockedLevel"), type: "select", defaultValue: r?.blockedLevel ?? "", options: [{ value: "", label: t("sameLevel") }, ...levelOptions] },
    { name: "customerSlug", label: t("customer"), type: "select", defaultValue: r?.customerSlug ?? "", options: [{ value: "", label: t("allCustomers") }, ...customers.map((c) => ({ value: c.slug, label: c.name }))] },
    { name: "functions", label: t("functions"), defaultValue: join(r?.functions), placeholder: "url, wildfire", hint: t("functionsHint") },
    { name: "subtypes", label: t("subtypes"), defaultValue: join(r?.subtypes), placeholder: "end, url" },
    { name: "actions", label: t("actions"), defaultValue: join(r?.actions), placeholder: "allow, alert" },
    { name: "severities", label: t("severities"), defaultValue: join(r?.severities), placeholder: "critical, high" },
    { name: "categories", label: t("categories"), type: "textarea", defaultValue: join(r?.categories), placeholder: "malware, phishing, command-and-control" },
    { name: "threatIds", label: t("threatIds"), defaultValue: join(r?.threatIds), placeholder: "52143, 421897263" },
    { name: "threatName", label: t("threatName"), defaultValue: r?.threatName, placeholder: "Command and Control" },
    { name: "directions", label: t("directions"), defaultValue: join(r?.directions), placeholder: "inbound, outbound", hint: t("directionsHint") },
    { name: "listId", label: t("list"), type: "select", defaultValue: r?.listId ?? "", options: [{ value: "", label: "—" }, ...lists.map((l) => ({ value: l.id, label: `${l.name} (${l.kind})` }))] },
    { name: "listField", label: t("listField"), type: "select", defaultValue: r?.listField ?? "", options: [{ value: "", label: "—" }, ...LIST_FIELDS.map((f) => ({ value: f, label: t(`listFields.${f}`) }))] },
    { name: "windowMinutes", label: t("windowMinutes"), defaultValue: String(r?.windowMinutes ?? 60), hint: t("windowHint") },
  ];
}
