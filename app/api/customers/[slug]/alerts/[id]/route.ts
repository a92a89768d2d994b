import { apiCustomer, HttpError, requestIp } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import { getAlert, triageAlert } from "@/lib/alerts/alerts";
import { json, readJson, withSocApi } from "@/lib/alerts/http";

type Ctx = { params: Promise<{ slug: string; id: string }> };

export const GET = withSocApi(async (_req: Request, ctx: Ctx) => {
  const { slug, id } = await ctx.params;
  const { user, scope } = await apiCustomer(slug);
  const alert = await getAlert(scope, id, { staff: user.role !== "customer" });
  if (!alert) throw new HttpError(404, "not found");
  return json(alert);
});

/** Triage (staff): { status, level, closeReason? }. */
export const PATCH = withSocApi(async (req: Request, ctx: Ctx) => {
  const { slug, id } = await ctx.params;
  const { user, scope } = await apiCustomer(slug);
  if (user.role === "customer") throw new HttpError(404, "not found");
  return json(await triageAlert(scope, id, await readJson(req), actorOf(user, await requestIp())));
});
