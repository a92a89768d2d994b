import { getTranslations } from "next-intl/server";

const FUNCTIONS = ["firewall", "url", "vulnerability", "spyware", "virus", "wildfire"];
const SEVERITIES = ["informational", "low", "medium", "high", "critical"];
const DIRECTIONS = ["inbound", "outbound", "internal", "external"];

/** Plain GET form: every search is a URL, so drill-down links and bookmarks are searches too. */
export async function EventFilterForm({ action, values, errors }: { action: string; values: Record<string, string>; errors: Record<string, string> }) {
  const t = await getTranslations("events");
  const te = await getTranslations("errors");
  const tf = await getTranslations("logs.fn");
  const text = (name: string, placeholder?: string) => (
    <div className="field" key={name}>
      <label htmlFor={`f-${name}`}>{t(`f.${name}`)}</label>
      <input id={`f-${name}`} name={name} defaultValue={values[name] ?? ""} placeholder={placeholder} aria-invalid={errors[name] ? true : undefined} />
      {errors[name] && (
        <span className="field-error" data-field-error={name}>
          {te(errors[name] as "invalid")}
        </span>
      )}
    </div>
  );
  const select = (name: string, options: { value: string; label: string }[]) => (
    <div className="field" key={name}>
      <label htmlFor={`f-${name}`}>{t(`f.${name}`)}</label>
      <select id={`f-${name}`} name={name} defaultValue={values[name] ?? ""}>
        <option value="">—</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form method="get" action={action} className="filter-grid" data-testid="event-filter">
      {text("from", "2021-12-01T00:00")}
      {text("to", "2022-01-01T00:00")}
      {select("fn", FUNCTIONS.map((f) => ({ value: f, label: tf(f as "firewall") })))}
      {select("blocked", [
        { value: "yes", label: t("blockedYes") },
        { value: "no", label: t("blockedNo") },
      ])}
      {text("src", "192.0.2.0/24")}
      {text("dst", "203.0.113.5")}
      {text("port", "443")}
      {text("threat", "52143")}
      {text("url", "example.jp")}
      {text("category", "malware")}
      {select("severity", SEVERITIES.map((s) => ({ value: s, label: s })))}
      {select("direction", DIRECTIONS.map((d) => ({ value: d, label: t(`dir.${d}`) })))}
      {select("order", [
        { value: "desc", label: t("newest") },
        { value: "asc", label: t("oldest") },
      ])}
      <div className="field">
        <button type="submit">{t("search")}</button>
      </div>
    </form>
  );
}
