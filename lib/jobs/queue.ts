import PgBoss from "pg-boss";
import { z } from "zod";
import { databaseUrl } from "@/lib/db/url";

// Ingest jobs on a PostgreSQL-backed queue (pg-boss): any number of `soc worker` processes on
// any number of machines share them. A worker killed mid-job leaves the job to expire and be
// retried; ingest is exactly-once per file content, so a retry never double-counts.

export const INGEST_QUEUE = "ingest";

export const ingestJobSchema = z.object({
  customerId: z.string().uuid(),
  path: z.string().min(1),
  name: z.string().optional(),
});
export type IngestJob = z.infer<typeof ingestJobSchema>;

let boss: PgBoss | null = null;

export async function queue(): Promise<PgBoss> {
  if (boss) return boss;
  const b = new PgBoss({ connectionString: databaseUrl(), max: 4 });
  b.on("error", (e) => process.stderr.write(`queue: ${e.message}\n`));
  await b.start();
  await b.createQueue(INGEST_QUEUE, { name: INGEST_QUEUE, retryLimit: 5, retryDelay: 5, expireInSeconds: 6 * 3600 } as never);
  boss = b;
  return b;
}

export async function enqueueIngest(job: IngestJob): Promise<string> {
  const id = await (await queue()).send(INGEST_QUEUE, ingestJobSchema.parse(job));
  if (!id) throw new Error("the queue refused the job");
  return id;
}

export async function stopQueue(): Promise<void> {
  const b = boss;
  boss = null;
  await b?.stop({ graceful: true, wait: true, timeout: 30_000 });
}
