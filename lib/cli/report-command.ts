import { getCustomerBySlug } from "@/lib/customers/customers";
import { buildReportData } from "@/lib/reports/report-data";
import { monthSchema } from "@/lib/reports/month";
import { CliError, log, printJson } from "./output";

async function resolve(o: { customer: string; month: string }) {
  if (!monthSchema.safeParse(o.month).success) throw new CliError(`--month must be YYYY-MM, got "${o.month}"`);
  const customer = await getCustomerBySlug(o.customer);
  if (!customer) throw new CliError(`unknown customer: ${o.customer}`);
  return { customerId: customer.id };
}

export async function reportDataCommand(o: { customer: string; month: string }): Promise<void> {
  const scope = await resolve(o);
  const started = performance.now();
  const data = await buildReportData(scope, o.month);
  log(`report data built in ${Math.round(performance.now() - started)} ms`);
  printJson(data);
}

// ---- monthly report lifecycle (lib/reports) ----

/**
 * `soc report pdf`: the month's published PDF as frozen at publication; with --live (or when
 * nothing is published yet) a draft rendered now from the current data and commentary.
 */
export async function reportPdfCommand(o: { customer: string; month: string; output: string; live?: boolean }): Promise<void> {
  const { writeFile } = await import("node:fs/promises");
  const { findReport, documentNumber } = await import("@/lib/reports/lifecycle");
  const { buildLiveReport } = await import("@/lib/reports/document");
  const { renderReportPdf } = await import("@/lib/reports/pdf/render");
  const { snapshotPdf } = await import("@/lib/reports/publish");
  const { prisma } = await import("@/lib/db/client");
  const scope = await resolve(o);
  const started = performance.now();
  let pdf: Buffer | null = null;
  let source: string;
  const published = o.live ? null : await findReport(scope, o.month, "customer");
  if (published) {
    pdf = await snapshotPdf(published.id);
    source = `published version ${published.version} (${published.documentNumber})`;
  } else {
    const newest = await findReport(scope, o.month, "staff");
    const customer = await prisma.customer.findUniqueOrThrow({ where: { id: scope.customerId }, select: { code: true } });
    // Without a report yet: a transient draft (nothing is written to the database).
    const row = newest ?? {
      id: "00000000-0000-0000-0000-000000000000",
      customerId: scope.customerId,
      month: o.month,
      version: 1,
      status: "draft" as const,
      documentNumber: documentNumber(customer.code, o.month, 1),
      issuedOn: null,
      createdBy: "cli",
      createdAt: new Date().toISOString(),
      submittedAt: null,
      submittedBy: null,
      publishedAt: null,
      publishedBy: null,
      updatedAt: new Date().toISOString(),
    };
    const live = await buildLiveReport({ ...row, status: row.status === "published" || row.status === "superseded" ? "draft" : row.status });
    pdf = await renderReportPdf(live);
    source = newest ? `version ${newest.version} (${newest.status}) rendered from current data` : "draft rendered from current data (no report yet)";
  }
  if (!pdf) throw new CliError("the published report has no PDF");
  await writeFile(o.output, pdf);
  log(`${source}: ${pdf.length.toLocaleString("en-US")} bytes in ${Math.round(performance.now() - started)} ms → ${o.output}`);
  printJson({ output: o.output, bytes: pdf.length, source });
}

/** `soc report schedule`: drafts for every customer whose month has closed (cron-able, idempotent). */
export async function reportScheduleCommand(o: { month?: string; now?: string }): Promise<void> {
  if (o.month && !monthSchema.safeParse(o.month).success) throw new CliError(`--month must be YYYY-MM, got "${o.month}"`);
  const now = o.now ? new Date(o.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new CliError(`--now must be an ISO date-time, got "${o.now}"`);
  const { scheduleDrafts } = await import("@/lib/reports/schedule");
  printJson(await scheduleDrafts({ now, month: o.month }));
}
