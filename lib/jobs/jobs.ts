import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pool";
import { beforeIdSchema, keysetPage } from "@/lib/db/keyset";
import { customerFilterWhere, listActiveCustomers } from "@/lib/customers/overview";

// Ingest job records (ingest_jobs): what the admin sees of the queue. pg-boss owns delivery and
// retries; this table owns status, progress and the final counts, which are copied from the
// file's ingest_files row so they are exact even when a job was resumed after a crash.

export const JOB_STATUSES = ["queued", "running", "retrying", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobView {
  id: string;
  customerId: string;
  customerSlug: string;
  customerName: string;
  source: string;
  name: string;
  sizeBytes: number;
  status: JobStatus;
  attempts: number;
  bytesRead: number;
  lines: number;
  accepted: number;
  rejected: number;
  other: number;
  skipped: boolean;
  fileId: string | null;
  error: string | null;
  worker: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** 0–100, from bytes read of the (possibly compressed) file */
  percent: number;
}

type JobRow = Awaited<ReturnType<typeof prisma.ingestJob.findMany>>[number];

function view(j: JobRow, customers: Map<string, { slug: string; name: string }>): JobView {
  const c = customers.get(j.customerId);
  const size = Number(j.sizeBytes);
  const read = Number(j.bytesRead);
  return {
    id: j.id.toString(),
    customerId: j.customerId,
    customerSlug: c?.slug ?? "",
    customerName: c?.name ?? "",
    source: j.source,
    name: j.name,
    sizeBytes: size,
    status: j.status as JobStatus,
    attempts: j.attempts,
    bytesRead: read,
    lines: Number(j.lines),
    accepted: Number(j.accepted),
    rejected: Number(j.rejected),
    other: Number(j.other),
    skipped: j.skipped,
    fileId: j.fileId?.toString() ?? null,
    error: j.error,
    worker: j.worker,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    percent: j.status === "done" ? 100 : size > 0 ? Math.min(99, Math.floor((100 * read) / size)) : 0,
  };
}

async function customersOf(ids: string[]) {
  const rows = await prisma.customer.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, slug: true, name: true } });
  return new Map(rows.map((c) => [c.id, c]));
}

export const jobIdSchema = z.string().regex(/^\d{1,18}$/);

/** The jobs page's filter, from its URL: unknown values are ignored, never an error page. */
export const jobsFilterSchema = z.object({
  customer: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(JOB_STATUSES).optional().catch(undefined),
  before: beforeIdSchema,
});
export type JobsFilter = z.infer<typeof jobsFilterSchema>;

const JOBS_PAGE = 50;

/** Newest first, keyset-paginated on id, optionally one customer's (by slug) or one status. Admin-only: callers check the role. */
export async function listJobs(filter: JobsFilter = {}, size = JOBS_PAGE): Promise<{ jobs: JobView[]; nextBefore: string | null }> {
  const byCustomer = await customerFilterWhere(filter.customer);
  if (!byCustomer) return { jobs: [], nextBefore: null };
  const found = await prisma.ingestJob.findMany({
    where: {
      ...byCustomer,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.before ? { id: { lt: BigInt(filter.before) } } : {}),
    },
    orderBy: { id: "desc" },
    take: size + 1,
  });
  const { rows, nextBefore } = keysetPage(found, size);
  const customers = await customersOf(rows.map((r) => r.customerId));
  return { jobs: rows.map((r) => view(r, customers)), nextBefore };
}

export async function getJob(id: string): Promise<JobView | null> {
  if (!jobIdSchema.safeParse(id).success) return null;
  const row = await prisma.ingestJob.findUnique({ where: { id: BigInt(id) } });
  if (!row) return null;
  return view(row, await customersOf([row.customerId]));
}

export interface RejectRow {
  lineNo: number;
  reason: string;
  excerpt: string;
}

/** Rejected lines of a job's file, keyed by the job's customer (the file's tenant). */
export async function jobRejects(job: Pick<JobView, "customerId" | "fileId">, opts: { limit?: number; afterLine?: number } = {}): Promise<RejectRow[]> {
  if (!job.fileId) return [];
  const rows = await prisma.ingestReject.findMany({
    where: { customerId: job.customerId, fileId: BigInt(job.fileId), lineNo: { gt: BigInt(opts.afterLine ?? 0) } },
    orderBy: { lineNo: "asc" },
    take: opts.limit ?? 200,
    select: { lineNo: true, reason: true, excerpt: true },
  });
  return rows.map((r) => ({ lineNo: Number(r.lineNo), reason: r.reason, excerpt: r.excerpt }));
}

/** All rejected lines as CSV, streamed in keyset pages (a file can have millions). */
export function rejectsCsv(job: Pick<JobView, "customerId" | "fileId">): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let after = 0;
  let header = true;
  return new ReadableStream({
    async pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(enc.encode("\uFEFFline,reason,excerpt\r\n")); // BOM: Excel opens UTF-8 Japanese correctly
      }
      const page = await jobRejects(job, { limit: 5000, afterLine: after });
      if (!page.length) return controller.close();
      after = page[page.length - 1]!.lineNo;
      controller.enqueue(enc.encode(page.map((r) => `${r.lineNo},${csvField(r.reason)},${csvField(r.excerpt)}\r\n`).join("")));
    },
  });
}

function csvField(s: string): string {
  // Leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// ---- written by workers (raw pg: many small updates, no Prisma round trips) ----

export async function markRunning(jobId: string, worker: string): Promise<void> {
  await pgPool().query(
    `UPDATE ingest_jobs SET status = 'running', attempts = attempts + 1, worker = $2, heartbeat_at = now(), error = NULL,
       started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1`,
    [jobId, worker],
  );
}

export async function markClaimed(jobId: string, fileId: string): Promise<void> {
  await pgPool().query(`UPDATE ingest_jobs SET file_id = $2, updated_at = now() WHERE id = $1`, [jobId, fileId]);
}

export async function markProgress(jobId: string, p: { bytesRead: number; lines: number }): Promise<void> {
  await pgPool().query(`UPDATE ingest_jobs SET bytes_read = $2, lines = GREATEST(lines, $3), heartbeat_at = now(), updated_at = now() WHERE id = $1 AND status = 'running'`, [
    jobId,
    p.bytesRead,
    p.lines,
  ]);
}

export async function heartbeat(jobIds: string[]): Promise<void> {
  if (jobIds.length) await pgPool().query(`UPDATE ingest_jobs SET heartbeat_at = now() WHERE id = ANY($1::bigint[]) AND status = 'running'`, [jobIds]);
}

/** Final counts from the file row: exact whatever number of attempts it took. */
export async function markDone(jobId: string, skipped: boolean): Promise<void> {
  await pgPool().query(
    `UPDATE ingest_jobs j SET status = 'done', skipped = $2, finished_at = now(), updated_at = now(), heartbeat_at = NULL, error = NULL,
       bytes_read = j.size_bytes, lines = f.lines_committed, accepted = f.accepted, rejected = f.rejected, other = f.other
     FROM ingest_files f WHERE j.id = $1 AND f.id = j.file_id`,
    [jobId, skipped],
  );
}

export async function markFailed(jobId: string, error: string, willRetry: boolean): Promise<void> {
  await pgPool().query(`UPDATE ingest_jobs SET status = $3, error = $2, heartbeat_at = NULL, updated_at = now(), finished_at = CASE WHEN $3 = 'failed' THEN now() END WHERE id = $1`, [
    jobId,
    error.slice(0, 1000),
    willRetry ? "retrying" : "failed",
  ]);
}

/**
 * Running jobs whose worker stopped beating (killed, machine lost): each is taken once (the
 * UPDATE decides between sweepers) and returned so the caller hands it back to the queue.
 */
export async function takeStaleJobs(staleSeconds: number): Promise<{ id: string; queueJobId: string }[]> {
  const { rows } = await pgPool().query<{ id: string; queue_job_id: string }>(
    `UPDATE ingest_jobs SET status = 'retrying', error = 'worker stopped responding', heartbeat_at = NULL, updated_at = now()
     WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1) AND queue_job_id IS NOT NULL
     RETURNING id::text, queue_job_id::text`,
    [staleSeconds],
  );
  return rows.map((r) => ({ id: r.id, queueJobId: r.queue_job_id }));
}

// ---- admin pages ----

/** The jobs page: newest jobs, customers to upload for, and the retention policy in force. */
export async function jobsPageData(filter: JobsFilter = {}) {
  const { retentionPolicy } = await import("@/lib/retention/retention");
  const [{ jobs, nextBefore }, customers] = await Promise.all([listJobs(filter), listActiveCustomers()]);
  let policy: ReturnType<typeof retentionPolicy> | null = null;
  try {
    policy = retentionPolicy();
  } catch {
    policy = null; // shown as "invalid settings"; workers log the reason
  }
  return { jobs, nextBefore, customers, policy };
}

/** One job with the first page of its rejected lines. */
export async function jobPageData(id: string) {
  const job = await getJob(id);
  if (!job) return null;
  const rejects = await jobRejects(job, { limit: 200 });
  // Retention deletes a file's rejected lines with its last chunk of original lines; the count stays.
  return { job, rejects, rejectsDeleted: job.rejected > 0 && rejects.length === 0 };
}
