import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listActiveCustomers } from "@/lib/customers/overview";
import { listOutages } from "@/lib/outages/outages";
import { EntityForm } from "@/components/entity-form";
import { outageFields } from "@/components/soc/outage-fields";
import s from "@/components/soc/soc.module.css";
import { createOutageAction } from "./actions";

export default async function OutagesPage() {
  await requireRole("admin", "analyst");
  const [t, outages, customers] = await Promise.all([getTranslations("outages"), listOutages(), listActiveCustomers()]);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("explain")}</p>
      <div className={s.grid}>
        {outages.length ? (
          <table className="table" data-testid="outages-table">
            <thead>
              <tr>
                <th>{t("start")}</th>
                <th>{t("end")}</th>
                <th>{t("customer")}</th>
                <th>{t("cause")}</th>
              </tr>
            </thead>
            <tbody>
              {outages.map((o) => (
                <tr key={o.id}>
                  <td className="nowrap">
                    <Link href={`/outages/${o.id}`}>{o.start}</Link> <span className="muted">{o.timezone}</span>
                  </td>
                  <td className="nowrap">{o.end ?? t("ongoing")}</td>
                  <td>{o.customerSlug ?? t("allCustomers")}</td>
                  <td>{o.cause}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p data-testid="outages-table">{t("none")}</p>
        )}
        <section className={s.card}>
          <h2>{t("new")}</h2>
          <EntityForm action={createOutageAction} fields={outageFields(t as never, customers)} submitLabel={t("create")} savedMessage={t("saved")} />
        </section>
      </div>
    </>
  );
}
