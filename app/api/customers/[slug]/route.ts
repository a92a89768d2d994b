import { apiCustomer, withApi } from "@/lib/auth/guard";
import { getCustomerOverview } from "@/lib/customers/overview";

export const GET = withApi(async (_req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { scope } = await apiCustomer((await ctx.params).slug);
  return Response.json(await getCustomerOverview(scope));
});
