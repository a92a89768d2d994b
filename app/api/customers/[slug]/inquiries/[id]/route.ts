import { apiCustomer, HttpError } from "@/lib/auth/guard";
import { json, withSocApi } from "@/lib/alerts/http";
import { getInquiry } from "@/lib/tickets/inquiries";

export const GET = withSocApi(async (_req: Request, ctx: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await ctx.params;
  const { scope } = await apiCustomer(slug);
  const inquiry = await getInquiry(scope, id);
  if (!inquiry) throw new HttpError(404, "not found");
  return json(inquiry);
});
