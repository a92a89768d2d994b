import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { getKnowledge } from "@/lib/knowledge/threats";
import { AutosaveText } from "@/components/report/autosave-text";
import { saveKnowledgeAction } from "../../customers/[slug]/reports/actions";
import "@/components/report/report.css";

// Staff: one knowledge entry, editable (autosaved, conflicts shown), with its history.
export default async function KnowledgeEntryPage({ params }: { params: Promise<{ threatId: string }> }) {
  await requireRole("admin", "analyst");
  const raw = (await params).threatId;
  const k = /^\d{1,15}$/.test(raw) ? await getKnowledge(Number(raw)) : null;
  if (!k) notFound();
  const t = await getTranslations("knowledge");
  return (
    <>
      <h1>
        {k.name} <span className="muted">({k.threatId})</span>
      </h1>
      <AutosaveText
        key={k.revision}
        label={t("description")}
        initialBody={k.description}
        initialRevision={k.revision}
        updatedBy={k.updatedBy}
        draft={k.description}
        save={saveKnowledgeAction.bind(null, k.threatId, k.name)}
        testId="knowledge-editor"
      />
      <h2>{t("history")}</h2>
      <table className="table" data-testid="knowledge-history">
        <thead>
          <tr>
            <th>{t("revision")}</th>
            <th>{t("description")}</th>
            <th>{t("updated")}</th>
          </tr>
        </thead>
        <tbody>
          {k.revisions.map((r) => (
            <tr key={r.revision}>
              <td>{r.revision}</td>
              <td style={{ whiteSpace: "pre-wrap" }}>{r.description}</td>
              <td className="nowrap">
                {r.editedBy}
                <br />
                <span className="muted">{r.editedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
