import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { loadReportPage } from "@/lib/reports/page-data";
import { monthSchema } from "@/lib/reports/month";
import { ReportView, RecommendationList } from "@/components/report/report-view";
import { ReportToolbar } from "@/components/report/report-toolbar";
import { ResponseForm } from "@/components/report/editor-forms";
import { ResponseNote } from "@/components/report/response-note";
import { createDraftAction, respondAction, transitionAction } from "../actions";

type Props = { params: Promise<{ slug: string; month: string }>; searchParams: Promise<{ v?: string; error?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, month } = await params;
  const { scope } = await requireCustomer(slug);
  return { title: `月次分析レポート ${month} — ${scope.name} — Mamori` };
}

export default async function ReportPage({ params, searchParams }: Props) {
  const { slug, month } = await params;
  const { user, scope } = await requireCustomer(slug);
  const { v, error } = await searchParams;
  if (!monthSchema.safeParse(month).success) notFound();
  const page = await loadReportPage(scope, month, user, v ? Number(v) : undefined);
  const t = await getTranslations("reports");
  if (!page) {
    if (user.role === "customer" || v) notFound();
    // Staff opening a month without a report: create the draft on demand.
    return (
      <form action={createDraftAction.bind(null, slug)} className="report-toolbar" data-testid="create-draft">
        <input type="hidden" name="month" value={month} />
        <span>{t("notCreated", { month })}</span>
        <button type="submit">{t("openDraft")}</button>
      </form>
    );
  }
  const { report, rendered, responses } = page;
  const customer = user.role === "customer";
  const canRespond = customer && report.status === "published";
  return (
    <>
      <ReportToolbar page={page} slug={slug} error={error} transition={transitionAction} />
      <ReportView
        data={rendered.data}
        doc={rendered.doc}
        diagramUrl={rendered.doc.diagram ? `/api/customers/${slug}/reports/images/${rendered.doc.diagram.id}` : null}
        logoUrl={rendered.doc.meta.logoImageId ? `/api/branding/logo/${rendered.doc.meta.logoImageId}` : null}
        slots={{
          recommendations: (_key, recs) => (
            <RecommendationList recs={recs}>
              {(r) => (
                <>
                  <ResponseNote response={responses[r.id] ?? null} />
                  {canRespond && <ResponseForm action={respondAction.bind(null, slug, month, report.id, r.id)} testId={`respond-${r.id}`} />}
                </>
              )}
            </RecommendationList>
          ),
        }}
      />
      <p className="no-print">
        <Link href={`/customers/${slug}/reports`}>{t("back")}</Link>
      </p>
    </>
  );
}
