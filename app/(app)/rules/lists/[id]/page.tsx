import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { isUuid } from "@/lib/alerts/alerts";
import { localDateTime } from "@/lib/alerts/format";
import { getThreatList } from "@/lib/intel/lists";
import { EntityForm } from "@/components/entity-form";
import { ImportForm } from "@/components/soc/import-form";
import s from "@/components/soc/soc.module.css";
import { importListAction, removeEntryAction, updateListAction } from "../../actions";

export default async function ThreatListPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("admin", "analyst");
  const { id } = await params;
  const list = isUuid(id) ? await getThreatList(id) : null;
  if (!list) notFound();
  const t = await getTranslations("intel");
  return (
    <>
      <p>
        <Link href="/rules/lists">{t("title")}</Link>
      </p>
      <h1>
        {list.name} <span className="muted">({t(`kinds.${list.kind}`)}, {list.customerSlug ?? t("allCustomers")})</span>
      </h1>
      <div className={s.grid}>
        <section className={s.card}>
          <h2>{t("import")}</h2>
          <ImportForm action={importListAction.bind(null, list.id)} />
        </section>
        <section className={s.card}>
          <h2>{t("settings")}</h2>
          <EntityForm
            action={updateListAction.bind(null, list.id)}
            fields={[
              { name: "name", label: t("name"), defaultValue: list.name },
              { name: "source", label: t("source"), defaultValue: list.source },
              { name: "description", label: t("description"), type: "textarea", defaultValue: list.description },
            ]}
            submitLabel={t("save")}
            savedMessage={t("saved")}
          />
        </section>
      </div>
      <h2>
        {t("entries")} <span className="muted">({t("entriesShown", { shown: list.entries.length, total: list._count.entries })})</span>
      </h2>
      <table className="table" data-testid="entries-table">
        <thead>
          <tr>
            <th>{t("value")}</th>
            <th>{t("source")}</th>
            <th>{t("expires")}</th>
            <th>{t("added")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.entries.map((e) => (
            <tr key={e.value}>
              <td className={s.mono}>{e.value}</td>
              <td>{e.source || "—"}</td>
              <td className="nowrap">{e.expiresAt ? localDateTime(e.expiresAt, "UTC", { seconds: false }) + " UTC" : t("never")}</td>
              <td className="nowrap">{localDateTime(e.addedAt, "Asia/Tokyo", { seconds: false })}</td>
              <td>
                <form action={removeEntryAction.bind(null, list.id, e.value)} className={s.inline}>
                  <button className={s.linkButton} type="submit" aria-label={`${t("remove")} ${e.value}`}>
                    {t("remove")}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
