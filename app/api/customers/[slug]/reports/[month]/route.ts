import { HttpError, apiCustomer, withApi } from "@/lib/auth/guard";
import { loadReportPage } from "@/lib/reports/page-data";

// A report version as JSON: the report data object and its document (customers: the published version).
export const GET = withApi(async (req: Request, ctx: { params: Promise<{ slug: string; month: string }> }) => {
  const { slug, month } = await ctx.params;
  const { user, scope } = await apiCustomer(slug);
  const v = new URL(req.url).searchParams.get("v");
  const page = await loadReportPage(scope, month, user, v ? Number(v) : undefined);
  if (!page) throw new HttpError(404, "not found");
  return Response.json({ report: page.report, data: page.rendered.data, document: page.rendered.doc, responses: page.responses });
});
