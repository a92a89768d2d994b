import { HttpError, apiUser, withApi } from "@/lib/auth/guard";
import { getJob, rejectsCsv } from "@/lib/jobs/jobs";

/** GET: the job's rejected lines as CSV (line, reason, excerpt), streamed. */
export const GET = withApi(async (_req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await apiUser("admin");
  const job = await getJob((await ctx.params).id);
  if (!job) throw new HttpError(404, "not found");
  return new Response(rejectsCsv(job), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="job-${job.id}-rejected.csv"`,
      "cache-control": "no-store",
    },
  });
});
