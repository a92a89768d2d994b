import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ingestFiles } from "@/lib/ingest/ingest";
import { heartbeat, markClaimed, markDone, markFailed, markProgress, markRunning, takeStaleJobs } from "./jobs";
import { INGEST_QUEUE, MONTH_INDEX_QUEUE, RETENTION_QUEUE, ingestJobSchema, queue, retryOnDeadlock } from "./queue";
import { indexFinishedMonths } from "@/lib/ingest/month-indexes";
import { describeRetention, retentionPolicy, runRetention } from "@/lib/retention/retention";
import { uploadDir } from "./uploads";

// A worker beats for each job it runs; a job whose worker stops beating (killed, machine lost)
// is failed on its behalf by any other worker, so pg-boss retries it within minutes instead of
// waiting for the 6-hour expiry. The retry resumes the file where its last batch committed; the
// file's advisory lock means even a wrongly presumed-dead worker cannot double count.

export function staleSeconds(): number {
  const n = Number(process.env.MAMORI_JOB_STALE_SECONDS ?? 120);
  return Number.isFinite(n) && n >= 2 ? n : 120;
}

/** Takes ingest jobs (and the scheduled retention run) until stopped; several workers may run anywhere against one database. */
export async function startIngestWorker(opts: { concurrency?: number; batchLines?: number; log?: (m: string) => void; retention?: boolean } = {}): Promise<() => Promise<void>> {
  const log = opts.log ?? (() => {});
  const boss = await queue();
  const me = `${os.hostname()}:${process.pid}`;
  const running = new Set<string>();
  const stale = staleSeconds();
  const beat = setInterval(() => {
    void heartbeat([...running]).catch((e) => log(`heartbeat: ${(e as Error).message}`));
    void takeStaleJobs(stale)
      .then(async (dead) => {
        for (const j of dead) {
          log(`job #${j.id}: its worker stopped responding, handing it back to the queue`);
          await boss.fail(INGEST_QUEUE, j.queueJobId, { message: "worker stopped responding" });
          // Out of retries: pg-boss has given up, so must the job's record.
          const after = await boss.getJobById(INGEST_QUEUE, j.queueJobId);
          if (after?.state === "failed") await markFailed(j.id, "worker stopped responding (no retries left)", false);
        }
      })
      .catch((e) => log(`stale-job sweep: ${(e as Error).message}`));
  }, Math.max(1000, (stale * 1000) / 4));
  beat.unref();

  const ids: string[] = [];
  for (let i = 0; i < (opts.concurrency ?? 1); i++) {
    ids.push(
      await boss.work(INGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async (jobs) => {
        for (const job of jobs) {
          const data = ingestJobSchema.parse(job.data);
          const jobId = data.jobId;
          log(`job ${jobId ? `#${jobId}` : job.id}: ingest ${data.name ?? data.path} (attempt ${job.retryCount + 1})`);
          if (jobId) {
            await markRunning(jobId, me);
            running.add(jobId);
          }
          let lastProgress = 0;
          let skipped = false;
          try {
            const s = await ingestFiles({ customerId: data.customerId }, [data.path], {
              batchLines: opts.batchLines,
              // A month backfilled as many jobs would get its indexes after the first one and pay
              // for them row by row in every later one: the hourly job below builds them instead.
              indexMonths: false,
              displayName: () => data.name ?? data.path,
              log,
              onClaim: async (c) => {
                skipped = c.status === "done";
                if (jobId) await markClaimed(jobId, c.fileId);
              },
              onProgress: (p) => {
                if (!jobId || Date.now() - lastProgress < 1000) return;
                lastProgress = Date.now();
                void markProgress(jobId, { bytesRead: p.bytesRead, lines: p.lines }).catch(() => {});
              },
            });
            if (jobId) await markDone(jobId, skipped);
            log(`job ${jobId ? `#${jobId}` : job.id}: ${s.lines} lines, ${s.accepted} accepted, ${s.rejected} rejected, ${s.skipped ? "skipped (already ingested)" : `${s.seconds}s`}`);
            await removeUpload(data.path);
          } catch (err) {
            const willRetry = job.retryCount < job.retryLimit;
            if (jobId) await markFailed(jobId, (err as Error).message, willRetry).catch(() => {});
            throw err;
          } finally {
            if (jobId) running.delete(jobId);
          }
        }
      }),
    );
  }
  if (opts.retention !== false) {
    // Any worker may run the daily retention; pg-boss's schedule and singleton policy run it once.
    const policy = retentionPolicy();
    await retryOnDeadlock(() => boss.schedule(RETENTION_QUEUE, policy.cron, {}, { tz: "UTC" }));
    ids.push(
      await boss.work(RETENTION_QUEUE, { batchSize: 1, pollingIntervalSeconds: 30 }, async () => {
        const r = await runRetention();
        log(describeRetention(r));
      }),
    );
    await retryOnDeadlock(() => boss.schedule(MONTH_INDEX_QUEUE, "17 * * * *", {}, { tz: "UTC" }));
    ids.push(
      await boss.work(MONTH_INDEX_QUEUE, { batchSize: 1, pollingIntervalSeconds: 30 }, async () => {
        for (const b of await indexFinishedMonths({ log })) log(`month indexes: ${b.table} in ${b.seconds}s`);
      }),
    );
  }
  return async () => {
    clearInterval(beat);
    for (const id of ids) await boss.offWork({ id } as never).catch(() => {});
  };
}

/** An uploaded file is not needed once ingested (its lines are kept compressed in ingest_chunks). */
async function removeUpload(file: string): Promise<void> {
  const dir = path.resolve(uploadDir());
  if (path.resolve(file).startsWith(dir + path.sep)) await rm(file, { force: true }).catch(() => {});
}
