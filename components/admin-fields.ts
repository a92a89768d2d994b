import type { FieldDef } from "./entity-form";

// Field lists for the admin forms, shared by the "new" and "edit" pages.
type T = (key: string) => string;

export function customerFields(t: T, c?: { slug: string; name: string; code: string; timezone: string; internalNetworks: string[]; contactEmails: string[]; disabled: boolean }): FieldDef[] {
  const fields: FieldDef[] = [];
  if (!c) {
    fields.push({ name: "slug", label: t("customer.slug"), required: true, placeholder: "sample" });
    fields.push({ name: "code", label: t("customer.code"), placeholder: "12345" });
  }
  fields.push(
    { name: "name", label: t("customer.name"), required: true, defaultValue: c?.name, placeholder: "株式会社〇〇" },
    { name: "timezone", label: t("customer.timezone"), defaultValue: c?.timezone ?? "Asia/Tokyo" },
    { name: "internalNetworks", label: t("customer.internalNetworks"), type: "textarea", defaultValue: c?.internalNetworks.join(", ") },
    { name: "contactEmails", label: t("customer.contactEmails"), type: "textarea", defaultValue: c?.contactEmails.join(", ") },
  );
  if (c) fields.push({ name: "disabled", label: t("customer.disabled"), type: "checkbox", defaultValue: c.disabled });
  return fields;
}

export function deviceFields(
  t: T,
  customers: { slug: string; name: string }[],
  d?: { vendor: string; model: string; function: string; hostname: string; ip: string; serial: string; timezone: string; disabled: boolean },
): FieldDef[] {
  const fields: FieldDef[] = [];
  if (!d) fields.push({ name: "customerSlug", label: t("device.customer"), type: "select", options: customers.map((c) => ({ value: c.slug, label: `${c.name} (${c.slug})` })) });
  fields.push(
    { name: "vendor", label: t("device.vendor"), defaultValue: d?.vendor ?? "PaloAltoNetworks" },
    { name: "model", label: t("device.model"), defaultValue: d?.model, placeholder: "PA-3220" },
    { name: "function", label: t("device.function"), defaultValue: d?.function ?? "UTM" },
    { name: "hostname", label: t("device.hostname"), defaultValue: d?.hostname },
    { name: "ip", label: t("device.ip"), defaultValue: d?.ip },
    { name: "serial", label: t("device.serial"), defaultValue: d?.serial },
    { name: "timezone", label: t("device.timezone"), defaultValue: d?.timezone ?? "Asia/Tokyo" },
  );
  if (d) fields.push({ name: "disabled", label: t("device.disabled"), type: "checkbox", defaultValue: d.disabled });
  return fields;
}

export function userFields(
  t: T,
  customers: { slug: string; name: string }[],
  u?: { email: string; name: string; role: string; locale: string; disabled: boolean; customer: { slug: string } | null },
): FieldDef[] {
  const roleOptions = ["customer", "analyst", "admin"].map((r) => ({ value: r, label: t(`roles.${r}`) }));
  const customerOptions = [{ value: "", label: "—" }, ...customers.map((c) => ({ value: c.slug, label: `${c.name} (${c.slug})` }))];
  const fields: FieldDef[] = [];
  if (!u) fields.push({ name: "email", label: t("user.email"), type: "email" });
  fields.push(
    { name: "name", label: t("user.name"), defaultValue: u?.name },
    { name: "role", label: t("user.role"), type: "select", options: roleOptions, defaultValue: u?.role ?? "customer" },
    { name: "customerSlug", label: t("user.customer"), type: "select", options: customerOptions, defaultValue: u?.customer?.slug ?? "" },
    { name: "locale", label: t("user.locale"), type: "select", options: [{ value: "ja", label: "日本語" }, { value: "en", label: "English" }], defaultValue: u?.locale ?? "ja" },
  );
  if (!u) fields.push({ name: "password", label: t("user.password"), type: "password" });
  if (u) fields.push({ name: "disabled", label: t("user.disabled"), type: "checkbox", defaultValue: u.disabled });
  return fields;
}
