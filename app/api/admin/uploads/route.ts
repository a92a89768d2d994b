import { apiUser, requestIp, withApi } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import { UploadError, receiveUpload } from "@/lib/jobs/uploads";

export const runtime = "nodejs";
// Multi-GB bodies: no time limit from the platform; the stream goes straight to disk.
export const maxDuration = 86400;

/** POST multipart (customer, file): streams a log file to disk and queues its ingest. */
export const POST = withApi(async (req: Request) => {
  const user = await apiUser("admin");
  try {
    const r = await receiveUpload(req, actorOf(user, await requestIp()));
    return Response.json({ jobId: r.jobId, url: `/admin/jobs/${r.jobId}` }, { status: 201 });
  } catch (err) {
    if (err instanceof UploadError) return Response.json({ error: err.message, code: err.code, field: err.field }, { status: err.code === "tooLarge" ? 413 : 400 });
    throw err;
  }
});
