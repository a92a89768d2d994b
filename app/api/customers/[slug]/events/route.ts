import { apiCustomer, withApi } from "@/lib/auth/guard";
import { eventFilterSchema, searchEvents } from "@/lib/events";
import { fieldCodes } from "@/lib/validation";

export const GET = withApi(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { scope } = await apiCustomer((await ctx.params).slug);
  const parsed = eventFilterSchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: "invalid filter", fields: fieldCodes(parsed.error) }, { status: 400 });
  return Response.json(await searchEvents(scope, parsed.data));
});
