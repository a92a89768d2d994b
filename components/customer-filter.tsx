/** The customer `<select>` of staff filter forms (GET forms: the value goes to the URL as `customer`). */
export function CustomerFilter({ customers, value, label, allLabel }: { customers: { slug: string; name: string }[]; value: string | undefined; label: string; allLabel: string }) {
  return (
    <select name="customer" defaultValue={value ?? ""} aria-label={label}>
      <option value="">{allLabel}</option>
      {customers.map((c) => (
        <option key={c.slug} value={c.slug}>
          {c.name}
        </option>
      ))}
    </select>
  );
}
