import type { ReportMeta } from "@/lib/reports/document";
import { PrintButton } from "./print-button";

// Chromium prints the page header of the sample (文書番号 / title / 作成日) and the page number
// in the @page margin boxes; their text is the report's, so the rule is written per report.

const css = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\n\r]/g, " ")}"`;

export function PrintChrome({ meta }: { meta: ReportMeta }) {
  const rule = `@page {
  @top-left { content: ${css(`文書番号：${meta.documentNumber}${meta.draft ? "（ドラフト）" : ""}`)}; font-size: 7.5pt; color: #475467; vertical-align: bottom; }
  @top-center { content: ${css(meta.title)}; font-size: 7.5pt; color: #475467; vertical-align: bottom; }
  @top-right { content: ${css(`作成日：${meta.issuedOn}`)}; font-size: 7.5pt; color: #475467; vertical-align: bottom; }
  @bottom-left { content: ${css(meta.providerName)}; font-size: 7pt; color: #667085; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 7pt; color: #667085; }
}
@page :first { @top-left { content: none; } @top-center { content: none; } @top-right { content: none; } }`;
  return (
    <>
      <style data-testid="print-rules">{rule}</style>
      <div className="report-toolbar no-print">
        <span>{meta.title}</span>
        <span className="spacer" />
        <PrintButton />
      </div>
    </>
  );
}
