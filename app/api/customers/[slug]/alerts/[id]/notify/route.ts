import { apiCustomer, HttpError, requestIp } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import { json, readJson, withSocApi } from "@/lib/alerts/http";
import { notifyAlert } from "@/lib/alerts/notify";

/** Notify the customer of an alert (staff): { analysis? } → the numbered notification. */
export const POST = withSocApi(async (req: Request, ctx: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await ctx.params;
  const { user, scope } = await apiCustomer(slug);
  if (user.role === "customer") throw new HttpError(404, "not found");
  const n = await notifyAlert(scope, id, await readJson(req), actorOf(user, await requestIp()));
  return json({ id: n.id, alertId: n.alertId, number: n.number, seq: n.seq, notifiedAt: n.notifiedAt, recipients: n.recipients, mailStatus: n.mailStatus }, { status: 201 });
});
