import { apiCustomer, requestIp } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import { json, readJson, withSocApi } from "@/lib/alerts/http";
import { createInquiry, listInquiries } from "@/lib/tickets/inquiries";

type Ctx = { params: Promise<{ slug: string }> };

export const GET = withSocApi(async (_req: Request, ctx: Ctx) => {
  const { scope } = await apiCustomer((await ctx.params).slug);
  return json(await listInquiries(scope));
});

/** File an inquiry: { subject, body, alertId? }. */
export const POST = withSocApi(async (req: Request, ctx: Ctx) => {
  const { user, scope } = await apiCustomer((await ctx.params).slug);
  return json(await createInquiry(scope, await readJson(req), actorOf(user, await requestIp())), { status: 201 });
});
