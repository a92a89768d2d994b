import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listRules } from "@/lib/alerts/rules";
import { LevelBadge } from "@/components/soc/badges";

export default async function RulesPage() {
  await requireRole("admin", "analyst");
  const [t, rules] = await Promise.all([getTranslations("rules"), listRules()]);
  const cond = (label: string, v: (string | bigint)[]) => (v.length ? `${label}: ${v.map(String).join(", ")}` : null);
  return (
    <>
      <div className="page-head">
        <h1>{t("title")}</h1>
        <span>
          <Link href="/rules/lists">{t("listsLink")}</Link>{" "}
          <Link className="button" href="/rules/new">
            {t("new")}
          </Link>
        </span>
      </div>
      <p className="muted">{t("explain")}</p>
      <table className="table" data-testid="rules-table">
        <thead>
          <tr>
            <th className="num">{t("priority")}</th>
            <th>{t("name")}</th>
            <th>{t("customer")}</th>
            <th>{t("conditions")}</th>
            <th>{t("level")}</th>
            <th>{t("blockedLevel")}</th>
            <th className="num">{t("alerts")}</th>
            <th>{t("enabled")}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <td className="num">{r.priority}</td>
              <td>
                <Link href={`/rules/${r.id}`}>{r.name}</Link>
              </td>
              <td>{r.customerSlug ?? t("allCustomers")}</td>
              <td>
                {[
                  cond(t("functions"), r.functions),
                  cond(t("subtypes"), r.subtypes),
                  cond(t("actions"), r.actions),
                  cond(t("severities"), r.severities),
                  cond(t("categories"), r.categories),
                  cond(t("threatIds"), r.threatIds),
                  r.threatName ? `${t("threatName")}: ${r.threatName}` : null,
                  cond(t("directions"), r.directions),
                  r.list ? `${t(`listFields.${r.listField}`)} ∈ ${r.list.name}` : null,
                ]
                  .filter(Boolean)
                  .join(" / ") || t("everything")}
              </td>
              <td>
                <LevelBadge level={r.level} />
              </td>
              <td>{r.blockedLevel ? <LevelBadge level={r.blockedLevel} /> : "—"}</td>
              <td className="num">{r._count.alerts}</td>
              <td>{r.enabled ? t("on") : t("off")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
