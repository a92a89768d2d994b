import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listKnowledge } from "@/lib/knowledge/threats";

// Staff: the threat knowledge base (イベント説明 per threat id, shared by every customer's reports).
export default async function KnowledgePage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  await requireRole("admin", "analyst");
  const q = ((await searchParams).q ?? "").slice(0, 200);
  const [t, rows] = await Promise.all([getTranslations("knowledge"), listKnowledge(q)]);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("hint")}</p>
      <form className="filters">
        <input name="q" defaultValue={q} placeholder={t("search")} aria-label={t("search")} />
        <button type="submit">{t("searchButton")}</button>
      </form>
      {rows.length === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : (
        <table className="table" data-testid="knowledge-list">
          <thead>
            <tr>
              <th>{t("threatId")}</th>
              <th>{t("name")}</th>
              <th>{t("description")}</th>
              <th>{t("revision")}</th>
              <th>{t("updated")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.threatId}>
                <td>
                  <Link href={`/knowledge/${r.threatId}`}>{r.threatId}</Link>
                </td>
                <td>{r.name}</td>
                <td>{r.description}</td>
                <td>{r.revision}</td>
                <td className="nowrap">
                  {r.updatedBy}
                  <br />
                  <span className="muted">{r.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
