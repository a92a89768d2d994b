import { apiCustomer, requestIp } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import { json, readJson, withSocApi } from "@/lib/alerts/http";
import { replyToInquiry } from "@/lib/tickets/inquiries";

/** A message in the thread: { body, status? } (status: staff only). Staff messages are answers. */
export const POST = withSocApi(async (req: Request, ctx: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await ctx.params;
  const { user, scope } = await apiCustomer(slug);
  const r = await replyToInquiry(scope, id, await readJson(req), actorOf(user, await requestIp()), { staff: user.role !== "customer" });
  return json({ inquiry: { id: r.inquiry.id, number: r.inquiry.number, status: r.inquiry.status }, message: r.message }, { status: 201 });
});
