/**
 * A `<select>` of a GET filter form: the value goes to the URL under `name`. `all` is the first
 * option (value ""), shown when the filter is not set; omit it when the list has no "any" entry.
 */
export function FilterSelect({
  name,
  value,
  label,
  all,
  options,
}: {
  name: string;
  value: string | undefined;
  label: string;
  all?: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <select name={name} defaultValue={value ?? ""} aria-label={label}>
      {all !== undefined && <option value="">{all}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** The customer filter of staff pages (`customer` = slug). */
export function CustomerFilter({ customers, value, label, allLabel }: { customers: { slug: string; name: string }[]; value: string | undefined; label: string; allLabel: string }) {
  return <FilterSelect name="customer" value={value} label={label} all={allLabel} options={customers.map((c) => ({ value: c.slug, label: c.name }))} />;
}
