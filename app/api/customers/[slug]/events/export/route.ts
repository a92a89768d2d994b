import { apiCustomer, requestIp, withApi } from "@/lib/auth/guard";
import { writeAudit } from "@/lib/audit/write-audit";
import { eventFilterSchema, exportEventsCsv } from "@/lib/events";
import { fieldCodes } from "@/lib/validation";

export const GET = withApi(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { user, scope } = await apiCustomer((await ctx.params).slug);
  const parsed = eventFilterSchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: "invalid filter", fields: fieldCodes(parsed.error) }, { status: 400 });
  await writeAudit({ actor: { id: user.id, email: user.email, ip: await requestIp() }, action: "events.export_csv", entityType: "customer", entityId: scope.customerId, customerId: scope.customerId, after: parsed.data });
  return new Response(exportEventsCsv(scope, parsed.data), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="events-${scope.slug}.csv"`,
      "cache-control": "no-store",
    },
  });
});
