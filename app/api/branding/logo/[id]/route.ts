import { HttpError, apiUser, withApi } from "@/lib/auth/guard";
import { readImage } from "@/lib/reports/images";
import { imageResponse } from "@/lib/reports/http";

// The provider's logo (service-wide images only: a customer's image is never served here).
export const GET = withApi(async (_req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await apiUser();
  const img = await readImage((await ctx.params).id, null);
  if (!img) throw new HttpError(404, "not found");
  return imageResponse(img);
});
