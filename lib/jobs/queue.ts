import PgBoss from "pg-boss";
import { z } from "zod";
import { stat } from "node:fs/promises";
import path from "node:path";
import { prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pool";
import { databaseUrl } from "@/lib/db/url";

// Ingest jobs on a PostgreSQL-backed queue (pg-boss): any number of `soc worker` processes on
// any number of machines share them. A worker killed mid-job leaves the job to expire and be
// retried; ingest is exactly-once per file content, so a retry never double-counts.

export const INGEST_QUEUE = "ingest";
export const RETENTION_QUEUE = "retention";
/** Hourly: explorer indexes of months that have ended (lib/ingest/month-indexes.ts). */
export const MONTH_INDEX_QUEUE = "month-indexes";

export const ingestJobSchema = z.object({
  customerId: z.string().uuid(),
  path: z.string().min(1),
  name: z.string().optional(),
  /** ingest_jobs row (status and progress for the admin page) */
  jobId: z.string().regex(/^\d+$/).optional(),
});
export type IngestJob = z.infer<typeof ingestJobSchema>;

export const newJobSchema = z.object({
  customerId: z.string().uuid(),
  path: z.string().min(1),
  name: z.string().min(1).optional(),
  source: z.enum(["upload", "cli"]).default("cli"),
  sizeBytes: z.number().int().nonnegative().optional(),
  createdBy: z.string().uuid().nullable().optional(),
});

let boss: PgBoss | null = null;

export async function queue(): Promise<PgBoss> {
  if (boss) return boss;
  const b = new PgBoss({ connectionString: databaseUrl(), max: 4 });
  b.on("error", (e) => process.stderr.write(`queue: ${e.message}\n`));
  await retryOnDeadlock(() => b.start());
  await ensureQueue(b, INGEST_QUEUE, { retryLimit: 5, retryDelay: 5, expireInSeconds: 6 * 3600 });
  await ensureQueue(b, RETENTION_QUEUE, { retryLimit: 2, retryDelay: 600, expireInSeconds: 3600, policy: "singleton" });
  await ensureQueue(b, MONTH_INDEX_QUEUE, { retryLimit: 2, retryDelay: 300, expireInSeconds: 3600, policy: "singleton" });
  boss = b;
  return b;
}

/**
 * Creating a pg-boss queue attaches a partition to its job table; several workers starting at
 * once (`--scale worker=4`) deadlocked on that. Only the first creates it, one at a time.
 */
async function ensureQueue(b: PgBoss, name: string, options: Record<string, unknown>): Promise<void> {
  if (await b.getQueue(name)) return;
  const client = await pgPool().connect();
  try {
    await client.query("SELECT pg_advisory_lock(727274)");
    if (!(await b.getQueue(name))) await retryOnDeadlock(() => b.createQueue(name, { name, ...options } as never));
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => {});
    client.release();
  }
}

export async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: string }).code !== "40P01" || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 200 * i + Math.random() * 300));
    }
  }
}

/**
 * Queues one file for the workers with its ingest_jobs record; returns the pg-boss job id.
 * (The 6-hour expiry only backs up the workers' heartbeat, which retries a dead worker's job in minutes.)
 */
export async function enqueueIngest(input: z.input<typeof newJobSchema>): Promise<string> {
  return (await createIngestJob(input)).queueJobId;
}

export async function createIngestJob(input: z.input<typeof newJobSchema>): Promise<{ id: string; queueJobId: string }> {
  const job = newJobSchema.parse(input);
  const name = job.name ?? path.basename(job.path);
  const size = job.sizeBytes ?? (await stat(job.path).then((s) => s.size).catch(() => 0));
  const row = await prisma.ingestJob.create({
    data: { customerId: job.customerId, source: job.source, name, path: job.path, sizeBytes: BigInt(size), createdBy: job.createdBy ?? null },
  });
  const id = row.id.toString();
  const data: IngestJob = { customerId: job.customerId, path: job.path, name, jobId: id };
  const queueJobId = await (await queue()).send(INGEST_QUEUE, data);
  if (!queueJobId) {
    await prisma.ingestJob.update({ where: { id: row.id }, data: { status: "failed", error: "the queue refused the job" } });
    throw new Error("the queue refused the job");
  }
  await prisma.ingestJob.update({ where: { id: row.id }, data: { queueJobId } });
  return { id, queueJobId };
}

export async function stopQueue(): Promise<void> {
  const b = boss;
  boss = null;
  await b?.stop({ graceful: true, wait: true, timeout: 30_000 });
}
