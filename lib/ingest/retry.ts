import { ingestFiles, type IngestOptions, type IngestSummary } from "./ingest";
import { sha256File } from "./source";

// Ingest that rides out a lost database connection (PostgreSQL restarted, failover, network
// blip): the pipeline commits each batch with the file's resume position, so running it again
// after the server is back continues where the last commit stopped and the counts stay
// exactly-once. Any other error is not retried.

const CONNECTION_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN",
  "57P01", "57P02", "57P03", // admin_shutdown, crash_shutdown, cannot_connect_now
  "08000", "08001", "08003", "08004", "08006", // connection exceptions
  "P1001", "P1002", "P1017", // Prisma: cannot reach / timed out / server closed the connection
]);
const CONNECTION_MESSAGES = /connection terminated|terminating connection|server closed the connection|connection (refused|reset)|client has encountered a connection error|not queryable|the database system is (starting up|shutting down)|Connection is closed|can't reach database/i;

export function isConnectionLoss(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string" && CONNECTION_CODES.has(e.code)) return true;
  if (typeof e.message === "string" && CONNECTION_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isConnectionLoss(x, depth + 1))) return true; // AggregateError (happy eyeballs)
  return isConnectionLoss(e.cause, depth + 1);
}

export interface RetryOptions {
  /** Attempts after the first (default 10: with the back-off, about a minute of outage). */
  retries?: number;
  /** First pause; doubles up to 8 s. */
  delayMs?: number;
}

export async function ingestFilesWithRetry(
  scope: { customerId: string },
  files: string[],
  opts: IngestOptions & RetryOptions = {},
): Promise<IngestSummary & { attempts: number }> {
  const retries = opts.retries ?? 10;
  let delay = opts.delayMs ?? 500;
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const s = await ingestFiles(scope, files, opts);
      if (attempt === 1) return { ...s, attempts: 1 };
      // The last run only counted what it ingested after resuming: report each file's totals.
      return { ...(await totals(scope, files, s)), seconds: Math.round((performance.now() - started) / 100) / 10, attempts: attempt };
    } catch (err) {
      if (attempt > retries || !isConnectionLoss(err)) throw err;
      opts.log?.(`database connection lost (${(err as Error).message?.split("\n")[0]}); retrying in ${delay} ms (attempt ${attempt + 1} of ${retries + 1})`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 8000);
    }
  }
}

async function totals(scope: { customerId: string }, files: string[], last: IngestSummary): Promise<IngestSummary> {
  const { prisma } = await import("@/lib/db/client");
  const hashes = await Promise.all(files.map(async (f) => (await sha256File(f)).sha256));
  const rows = await prisma.ingestFile.findMany({ where: { customerId: scope.customerId, sha256: { in: hashes } }, select: { accepted: true, rejected: true, other: true } });
  const sum = (k: "accepted" | "rejected" | "other") => rows.reduce((n, r) => n + Number(r[k]), 0);
  const accepted = sum("accepted");
  const rejected = sum("rejected");
  return { ...last, files: files.length, lines: accepted + rejected, accepted, rejected, other: sum("other"), skipped: last.skipped };
}
