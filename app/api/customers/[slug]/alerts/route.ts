import { apiCustomer } from "@/lib/auth/guard";
import { listCustomerAlerts } from "@/lib/alerts/alerts";
import { json, withSocApi } from "@/lib/alerts/http";

/** A customer's alerts: the notified ones for the customer, all of them for staff. */
export const GET = withSocApi(async (_req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { user, scope } = await apiCustomer((await ctx.params).slug);
  return json(await listCustomerAlerts(scope, { staff: user.role !== "customer" }));
});
