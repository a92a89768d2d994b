import { existsSync } from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import { getCustomerBySlug } from "@/lib/customers/customers";
import { type IngestSummary } from "@/lib/ingest/ingest";
import { ingestFilesWithRetry } from "@/lib/ingest/retry";
import { spoolStdin } from "@/lib/ingest/source";
import { CliError, log, printJson } from "./output";

/** `soc ingest --customer S [--json] FILE… | -`: progress on stderr, summary on stdout. */
export async function ingestCommand(files: string[], o: { customer: string; json?: boolean; batch?: string }): Promise<void> {
  const customer = await getCustomerBySlug(o.customer);
  if (!customer) throw new CliError(`unknown customer: ${o.customer}`);
  if (!files.length) throw new CliError("no input: give one or more files, or - for standard input");
  const cleanups: (() => Promise<void>)[] = [];
  const paths: string[] = [];
  const names = new Map<string, string>();
  for (const f of files) {
    if (f === "-") {
      const s = await spoolStdin();
      cleanups.push(s.cleanup);
      paths.push(s.file);
      names.set(s.file, "stdin");
    } else paths.push(f);
  }
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: "{file} [{bar}] {percentage}% | {lines} lines | {rate} lines/s | ETA {eta_formatted}", stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let current = "";
  let started = performance.now();
  let lastLog = 0;
  let summary: IngestSummary;
  try {
    // Rides out a database restart: resumes after the last committed batch (lib/ingest/retry.ts).
    summary = await ingestFilesWithRetry({ customerId: customer.id }, paths, {
      batchLines: o.batch ? Number(o.batch) : undefined,
      log: (m) => (bar ? bar.stop() : undefined, log(m)),
      displayName: (f) => names.get(f) ?? f,
      onProgress: (p) => {
        if (p.file !== current) {
          current = p.file;
          started = performance.now();
          bar?.start(p.sizeBytes, 0, { file: names.get(p.file) ?? p.file, lines: 0, rate: 0 });
        }
        const rate = Math.round(p.lines / Math.max(0.001, (performance.now() - started) / 1000));
        if (bar) bar.update(p.bytesRead, { lines: p.lines.toLocaleString("en-US"), rate: rate.toLocaleString("en-US") });
        else if (performance.now() - lastLog > 5000) {
          lastLog = performance.now();
          log(`${names.get(p.file) ?? p.file}: ${p.lines.toLocaleString("en-US")} lines, ${Math.round((100 * p.bytesRead) / Math.max(1, p.sizeBytes))}%, ${rate.toLocaleString("en-US")} lines/s`);
        }
      },
    });
  } finally {
    bar?.stop();
    for (const c of cleanups) await c();
  }
  log(
    `ingested ${summary.files} file(s): ${summary.lines} lines, ${summary.accepted} accepted (${summary.other} other log types kept raw), ${summary.rejected} rejected, ${summary.skipped} skipped, ${summary.seconds}s`,
  );
  if (o.json) printJson({ files: summary.files, lines: summary.lines, accepted: summary.accepted, rejected: summary.rejected, skipped: summary.skipped, seconds: summary.seconds, other: summary.other, indexSeconds: summary.indexSeconds ?? 0 });
}

/** `soc ingest --queue`: one job per file for the workers; prints the job ids. */
export async function queueCommand(files: string[], o: { customer: string }): Promise<void> {
  const customer = await getCustomerBySlug(o.customer);
  if (!customer) throw new CliError(`unknown customer: ${o.customer}`);
  if (!files.length || files.includes("-")) throw new CliError("--queue takes files (workers cannot read this process's standard input)");
  const { createIngestJob, stopQueue } = await import("@/lib/jobs/queue");
  const jobs: { file: string; job: string; id: string }[] = [];
  try {
    for (const f of files) {
      const file = path.resolve(f);
      if (!existsSync(file)) throw new CliError(`no such file: ${f}`);
      const j = await createIngestJob({ customerId: customer.id, path: file, name: path.basename(file) });
      jobs.push({ file, job: j.queueJobId, id: j.id }); // id: the job's page, /admin/jobs/<id>
    }
  } finally {
    await stopQueue();
  }
  log(`queued ${jobs.length} file(s) for ingest`);
  printJson(jobs);
}
