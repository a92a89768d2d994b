import { ingestFiles } from "@/lib/ingest/ingest";
import { INGEST_QUEUE, ingestJobSchema, queue } from "./queue";

/** Takes ingest jobs until stopped; several workers may run anywhere against one database. */
export async function startIngestWorker(opts: { concurrency?: number; log?: (m: string) => void } = {}): Promise<() => Promise<void>> {
  const log = opts.log ?? (() => {});
  const boss = await queue();
  const ids: string[] = [];
  for (let i = 0; i < (opts.concurrency ?? 1); i++) {
    ids.push(
      await boss.work(INGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
        for (const job of jobs) {
          const data = ingestJobSchema.parse(job.data);
          log(`job ${job.id}: ingest ${data.name ?? data.path}`);
          const s = await ingestFiles({ customerId: data.customerId }, [data.path], { displayName: () => data.name ?? data.path, log });
          log(`job ${job.id}: ${s.lines} lines, ${s.accepted} accepted, ${s.rejected} rejected, ${s.skipped ? "skipped (already ingested)" : `${s.seconds}s`}`);
        }
      }),
    );
  }
  return async () => {
    for (const id of ids) await boss.offWork({ id } as never).catch(() => {});
  };
}
