import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listCustomers } from "@/lib/customers/customers";

export default async function AdminCustomersPage() {
  await requireRole("admin");
  const [t, tc, customers] = await Promise.all([getTranslations("customer"), getTranslations("common"), listCustomers()]);
  return (
    <>
      <div className="page-head">
        <h1>{t("title")}</h1>
        <Link className="button" href="/admin/customers/new">
          {t("new")}
        </Link>
      </div>
      <table className="table" data-testid="customers-table">
        <thead>
          <tr>
            <th>{t("slug")}</th>
            <th>{t("name")}</th>
            <th>{t("code")}</th>
            <th>{t("timezone")}</th>
            <th>{t("devices")}</th>
            <th>{t("users")}</th>
            <th>{tc("status")}</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((c) => (
            <tr key={c.id}>
              <td>
                <Link href={`/admin/customers/${c.id}`}>{c.slug}</Link>
              </td>
              <td>{c.name}</td>
              <td>{c.code}</td>
              <td>{c.timezone}</td>
              <td>{c._count.devices}</td>
              <td>{c._count.users}</td>
              <td>{c.disabled ? tc("disabled") : tc("enabled")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
