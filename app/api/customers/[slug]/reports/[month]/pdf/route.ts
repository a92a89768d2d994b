import { HttpError, apiCustomer, requestIp, withApi } from "@/lib/auth/guard";
import { reportPdfFor } from "@/lib/reports/page-data";
import { pdfResponse } from "@/lib/reports/http";

// The report PDF: as frozen at publication (customers get nothing else), or a draft rendered now for staff.
export const GET = withApi(async (req: Request, ctx: { params: Promise<{ slug: string; month: string }> }) => {
  const { slug, month } = await ctx.params;
  const { user, scope } = await apiCustomer(slug);
  const v = new URL(req.url).searchParams.get("v");
  const out = await reportPdfFor(scope, month, user, v ? Number(v) : undefined, await requestIp());
  if (!out) throw new HttpError(404, "not found");
  return pdfResponse(out.pdf, out.filename, { cache: out.frozen ? "immutable" : "none" });
});
