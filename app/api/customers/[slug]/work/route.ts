import { apiCustomer, HttpError, requestIp } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import { json, readJson, withSocApi } from "@/lib/alerts/http";
import { createWorkItem, listWorkItems } from "@/lib/tickets/work";

type Ctx = { params: Promise<{ slug: string }> };

export const GET = withSocApi(async (_req: Request, ctx: Ctx) => {
  const { scope } = await apiCustomer((await ctx.params).slug);
  return json(await listWorkItems(scope));
});

/** Record work (staff): { date, content, status?, inquiryId?, alertId? }. */
export const POST = withSocApi(async (req: Request, ctx: Ctx) => {
  const { user, scope } = await apiCustomer((await ctx.params).slug);
  if (user.role === "customer") throw new HttpError(404, "not found");
  return json(await createWorkItem(scope, await readJson(req), actorOf(user, await requestIp())), { status: 201 });
});
