import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { requireCustomer } from "@/lib/auth/guard";
import { loadReportPage } from "@/lib/reports/page-data";
import { monthSchema } from "@/lib/reports/month";
import { ReportView } from "@/components/report/report-view";
import { PrintChrome } from "@/components/report/print-chrome";

type Props = { params: Promise<{ slug: string; month: string }>; searchParams: Promise<{ v?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { month } = await params;
  return { title: `月次分析レポート ${month}` };
}

/** A4 print view: page header with 文書番号 / title / 作成日, page numbers, a page break per section. */
export default async function PrintReportPage({ params, searchParams }: Props) {
  const { slug, month } = await params;
  const { user, scope } = await requireCustomer(slug);
  if (!monthSchema.safeParse(month).success) notFound();
  const { v } = await searchParams;
  const page = await loadReportPage(scope, month, user, v ? Number(v) : undefined);
  if (!page) notFound();
  const { rendered } = page;
  return (
    <>
      <PrintChrome meta={rendered.doc.meta} />
      <ReportView
        data={rendered.data}
        doc={rendered.doc}
        diagramUrl={rendered.doc.diagram ? `/api/customers/${slug}/reports/images/${rendered.doc.diagram.id}` : null}
        logoUrl={rendered.doc.meta.logoImageId ? `/api/branding/logo/${rendered.doc.meta.logoImageId}` : null}
      />
    </>
  );
}
