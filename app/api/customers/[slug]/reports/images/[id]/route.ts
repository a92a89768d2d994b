import { HttpError, apiCustomer, withApi } from "@/lib/auth/guard";
import { readImage } from "@/lib/reports/images";
import { imageResponse } from "@/lib/reports/http";

// An image of the customer's reports (network diagram), or the service-wide logo.
export const GET = withApi(async (_req: Request, ctx: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await ctx.params;
  const { scope } = await apiCustomer(slug);
  const img = await readImage(id, scope);
  if (!img) throw new HttpError(404, "not found");
  return imageResponse(img);
});
