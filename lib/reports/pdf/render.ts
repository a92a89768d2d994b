import React from "react";
import { renderToBuffer } from "@react-pdf/renderer";
import { prisma } from "@/lib/db/client";
import type { RenderedReport } from "../document";
import { imageForPdf } from "../images";
import { registerPdfFonts } from "./fonts";
import { ReportPdf, type PdfImage } from "./report-pdf";

// Renders the report PDF on the server from the report data object and its document.

async function loadPdfImage(id: string | null | undefined): Promise<PdfImage | null> {
  if (!id) return null;
  const r = await prisma.storedImage.findUnique({ where: { id }, select: { contentType: true, data: true, width: true, height: true } });
  if (!r) return null;
  const img = await imageForPdf({ contentType: r.contentType as "image/png", data: Buffer.from(r.data) });
  return img ? { ...img, width: r.width, height: r.height } : null;
}

export async function renderReportPdf(report: RenderedReport): Promise<Buffer> {
  registerPdfFonts();
  const [logo, diagram] = await Promise.all([loadPdfImage(report.doc.meta.logoImageId), loadPdfImage(report.doc.diagram?.id)]);
  const element = React.createElement(ReportPdf, { data: report.data, doc: report.doc, images: { logo, diagram } });
  return renderToBuffer(element as never);
}
