import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { filterQuery } from "@/lib/db/keyset";
import { auditFilterSchema, listAudit, listAuditEntityTypes } from "@/lib/audit/list-audit";
import { listActiveCustomers } from "@/lib/customers/overview";
import { CustomerFilter, FilterSelect } from "@/components/filter-select";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireRole("admin");
  const filter = auditFilterSchema.parse(await searchParams);
  const [t, format, page, entityTypes, customers] = await Promise.all([getTranslations("audit"), getFormatter(), listAudit(filter), listAuditEntityTypes(), listActiveCustomers()]);
  const older = filterQuery(filter, { before: page.nextBefore });
  return (
    <>
      <h1>{t("title")}</h1>
      <form className="filters" method="get">
        <input name="action" placeholder={t("action")} defaultValue={filter.action} />
        <input name="actor" placeholder={t("actor")} defaultValue={filter.actor} />
        <FilterSelect name="entityType" value={filter.entityType} label={t("entity")} all={t("entity")} options={entityTypes.map((e) => ({ value: e, label: e }))} />
        <CustomerFilter customers={customers} value={filter.customer} label={t("customer")} allLabel={t("allCustomers")} />
        <label>
          {t("from")} <input type="date" name="from" defaultValue={filter.from} />
        </label>
        <label>
          {t("to")} <input type="date" name="to" defaultValue={filter.to} />
        </label>
        <button type="submit">{t("filter")}</button>
      </form>
      <table className="table" data-testid="audit-table">
        <thead>
          <tr>
            <th>{t("at")}</th>
            <th>{t("actor")}</th>
            <th>{t("action")}</th>
            <th>{t("entity")}</th>
            <th>{t("ip")}</th>
            <th>{t("changes")}</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <tr key={r.id.toString()}>
              <td className="nowrap">{format.dateTime(r.at, { dateStyle: "short", timeStyle: "medium" })}</td>
              <td>{r.actorEmail}</td>
              <td>{r.action}</td>
              <td>
                {r.entityType} <small className="muted">{r.entityId}</small>
              </td>
              <td>{r.ip ?? "—"}</td>
              <td>
                <AuditDiff before={r.before} after={r.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.nextBefore && <Link href={`/admin/audit?${older}`}>{t("older")}</Link>}
    </>
  );
}

/** Only the fields that changed, as "field: old → new". */
function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => k !== "updatedAt" && JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  if (!keys.length) return null;
  return (
    <ul className="diff">
      {keys.map((k) => (
        <li key={k}>
          <code>{k}</code>: {before ? <del>{JSON.stringify(b[k])}</del> : null} {after ? <ins>{JSON.stringify(a[k])}</ins> : null}
        </li>
      ))}
    </ul>
  );
}
