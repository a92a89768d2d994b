import { apiUser, requestIp, withApi } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import { saveBrandingFromRequest } from "@/lib/reports/uploads";
import { errorResponse } from "@/lib/reports/http";

// Branding of the report (admins): provider name, report title, logo (multipart).
export const POST = withApi(async (req: Request) => {
  const user = await apiUser("admin");
  try {
    return Response.json(await saveBrandingFromRequest(req, actorOf(user, await requestIp())));
  } catch (err) {
    return errorResponse(err);
  }
});
