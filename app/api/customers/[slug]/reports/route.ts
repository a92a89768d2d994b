import { apiCustomer, withApi } from "@/lib/auth/guard";
import { audienceOf } from "@/lib/reports/page-data";
import { listReports } from "@/lib/reports/lifecycle";

// The customer's report versions (customers: published only).
export const GET = withApi(async (_req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { user, scope } = await apiCustomer((await ctx.params).slug);
  return Response.json(await listReports(scope, audienceOf(user)));
});
