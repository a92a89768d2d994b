import type { FieldDef } from "../entity-form";

type T = (key: string) => string;

export function outageFields(t: T, customers: { slug: string; name: string }[], o?: { customerSlug: string | null; start: string; end: string | null; cause: string; note: string }): FieldDef[] {
  return [
    { name: "customerSlug", label: t("customer"), type: "select", defaultValue: o?.customerSlug ?? "", options: [{ value: "", label: t("allCustomers") }, ...customers.map((c) => ({ value: c.slug, label: c.name }))] },
    { name: "startAt", label: t("start"), defaultValue: o?.start, placeholder: "2021-12-10 10:00", hint: t("timeHint") },
    { name: "endAt", label: t("end"), defaultValue: o?.end ?? "", placeholder: "2021-12-10 12:30", hint: t("endHint") },
    { name: "cause", label: t("cause"), type: "textarea", defaultValue: o?.cause },
    { name: "note", label: t("note"), type: "textarea", defaultValue: o?.note },
  ];
}
