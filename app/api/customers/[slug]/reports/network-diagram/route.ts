import { HttpError, apiCustomer, requestIp, withApi } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import { uploadNetworkDiagram } from "@/lib/reports/uploads";
import { errorResponse } from "@/lib/reports/http";

// Upload of a customer's network diagram (admins and analysts): multipart field "file".
export const POST = withApi(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { user, scope } = await apiCustomer((await ctx.params).slug);
  if (user.role === "customer") throw new HttpError(404, "not found");
  try {
    return Response.json(await uploadNetworkDiagram(scope, req, actorOf(user, await requestIp())), { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
});
