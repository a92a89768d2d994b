import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listActiveCustomers } from "@/lib/customers/overview";
import { listThreatLists } from "@/lib/intel/lists";
import { EntityForm } from "@/components/entity-form";
import s from "@/components/soc/soc.module.css";
import { createListAction } from "../actions";

export default async function ThreatListsPage() {
  await requireRole("admin", "analyst");
  const [t, lists, customers] = await Promise.all([getTranslations("intel"), listThreatLists(), listActiveCustomers()]);
  return (
    <>
      <div className="page-head">
        <h1>{t("title")}</h1>
        <Link href="/rules">{t("rulesLink")}</Link>
      </div>
      <div className={s.grid}>
        <table className="table" data-testid="lists-table">
          <thead>
            <tr>
              <th>{t("name")}</th>
              <th>{t("kind")}</th>
              <th>{t("customer")}</th>
              <th>{t("source")}</th>
              <th className="num">{t("entries")}</th>
              <th className="num">{t("rules")}</th>
            </tr>
          </thead>
          <tbody>
            {lists.map((l) => (
              <tr key={l.id}>
                <td>
                  <Link href={`/rules/lists/${l.id}`}>{l.name}</Link>
                </td>
                <td>{t(`kinds.${l.kind}`)}</td>
                <td>{l.customerSlug ?? t("allCustomers")}</td>
                <td>{l.source || "—"}</td>
                <td className="num">{l._count.entries.toLocaleString("en-US")}</td>
                <td className="num">{l._count.rules}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <section className={s.card}>
          <h2>{t("new")}</h2>
          <EntityForm
            action={createListAction}
            fields={[
              { name: "name", label: t("name") },
              { name: "kind", label: t("kind"), type: "select", options: ["ip", "domain"].map((k) => ({ value: k, label: t(`kinds.${k}`) })) },
              { name: "source", label: t("source") },
              { name: "description", label: t("description"), type: "textarea" },
              { name: "customerSlug", label: t("customer"), type: "select", options: [{ value: "", label: t("allCustomers") }, ...customers.map((c) => ({ value: c.slug, label: c.name }))] },
            ]}
            submitLabel={t("create")}
          />
        </section>
      </div>
    </>
  );
}
