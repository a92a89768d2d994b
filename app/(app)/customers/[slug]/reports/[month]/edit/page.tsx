import { notFound, redirect } from "next/navigation";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { loadEditor, loadReportPage } from "@/lib/reports/page-data";
import { monthSchema } from "@/lib/reports/month";
import { sectionLabel } from "@/lib/reports/outline";
import { ReportView, RecommendationList, EventTables } from "@/components/report/report-view";
import { ReportToolbar } from "@/components/report/report-toolbar";
import { AutosaveText } from "@/components/report/autosave-text";
import { EventTableForm, RecommendationForm } from "@/components/report/editor-forms";
import { ImageUpload } from "@/components/report/image-upload";
import { ResponseNote } from "@/components/report/response-note";
import {
  addEventTableAction, addRecommendationAction, eventTableAction, removeRecommendationAction, saveKnowledgeAction, saveSectionAction, transitionAction,
} from "../../actions";

type Props = { params: Promise<{ slug: string; month: string }>; searchParams: Promise<{ v?: string; error?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { month } = await params;
  return { title: `編集 ${month} — Mamori` };
}

export default async function EditReportPage({ params, searchParams }: Props) {
  const { slug, month } = await params;
  const { user, scope } = await requireCustomer(slug);
  if (user.role === "customer" || !monthSchema.safeParse(month).success) notFound();
  const { v, error } = await searchParams;
  const page = await loadReportPage(scope, month, user, v ? Number(v) : undefined);
  if (!page) notFound();
  if (!page.editable) redirect(`/customers/${slug}/reports/${month}?v=${page.report.version}`);
  const [t, editor] = await Promise.all([getTranslations("reports"), loadEditor(page)]);
  const { report, rendered } = page;
  const id = report.id;
  return (
    <>
      <ReportToolbar page={page} slug={slug} error={error} editing transition={transitionAction} />
      <p className="muted no-print">{t("editor.hint")}</p>
      <ReportView
        data={rendered.data}
        doc={rendered.doc}
        diagramUrl={rendered.doc.diagram ? `/api/customers/${slug}/reports/images/${rendered.doc.diagram.id}` : null}
        logoUrl={rendered.doc.meta.logoImageId ? `/api/branding/logo/${rendered.doc.meta.logoImageId}` : null}
        slots={{
          commentary: (key) => {
            const s = editor.sections[key];
            if (!s) return null;
            return (
              <AutosaveText
                key={key}
                label={`${sectionLabel(key)}（${t("editor.reportText")}）`}
                initialBody={s.body}
                initialRevision={s.revision}
                updatedBy={s.updatedBy}
                draft={s.draft}
                save={saveSectionAction.bind(null, slug, id, key)}
                testId={`editor-${key}`}
                rows={key === "overview" ? 10 : 5}
              />
            );
          },
          recommendations: (key, recs) => (
            <>
              <RecommendationList recs={recs}>
                {(r) => (
                  <>
                    <ResponseNote response={page.responses[r.id] ?? null} />
                    <form action={removeRecommendationAction.bind(null, slug, month, id, r.id)} className="no-print">
                      <button type="submit" className="secondary">
                        {t("recommendations.remove")}
                      </button>
                    </form>
                  </>
                )}
              </RecommendationList>
              <details className="editor-tools" data-testid={`rec-tools-${key}`}>
                <summary>{t("recommendations.summary")}</summary>
                <RecommendationForm action={addRecommendationAction.bind(null, slug, month, id, key)} testId={`rec-form-${key}`} />
              </details>
            </>
          ),
          eventDescription: (threatId) => {
            const k = editor.knowledge[threatId];
            if (!k) return null;
            return (
              <AutosaveText
                key={`kb:${threatId}`}
                label={t("editor.knowledge", { id: threatId })}
                initialBody={k.body}
                initialRevision={k.revision}
                updatedBy={k.updatedBy}
                draft={k.draft}
                save={saveKnowledgeAction.bind(null, k.threatId, k.name)}
                testId={`kb-${threatId}`}
                rows={3}
              />
            );
          },
          eventTables: (sectionKey, tables) => (
            <>
              {tables.map((tb) => (
                <div key={tb.id}>
                  <div className="event-table-head no-print">
                    <span className="muted">{t("eventTable.matched", { n: tb.matched })}</span>
                    <form action={eventTableAction.bind(null, slug, month, id, tb.id, "refresh")}>
                      <button type="submit" className="secondary">
                        {t("eventTable.refresh")}
                      </button>
                    </form>
                    <form action={eventTableAction.bind(null, slug, month, id, tb.id, "remove")}>
                      <button type="submit" className="secondary">
                        {t("eventTable.remove")}
                      </button>
                    </form>
                  </div>
                  <EventTables tables={[tb]} />
                </div>
              ))}
              <details className="editor-tools" data-testid={`event-tools-${sectionKey}`}>
                <summary>{t("eventTable.summary")}</summary>
                <EventTableForm action={addEventTableAction.bind(null, slug, month, id, sectionKey)} fn={sectionKey.split(".")[1]!} testId={`event-form-${sectionKey}`} />
              </details>
            </>
          ),
          diagram: () => (
            <div className="editor-tools">
              <ImageUpload url={`/api/customers/${slug}/reports/network-diagram`} accept="image/png,image/jpeg,image/svg+xml" label={t("diagram.file")} testId="diagram-upload" />
            </div>
          ),
        }}
      />
    </>
  );
}
