import { parentPort, workerData } from "node:worker_threads";
import { AlertEvaluator } from "@/lib/alerts/evaluator";
import { prisma } from "@/lib/db/client";
import { BatchBuilder } from "./batch-builder";
import { recycleRowBuffers } from "./copy-binary";
import { CustomerContext } from "./context";
import { buildInThread, type BuildRequest, type RecycleRequest, type WorkerData } from "./build-pool";

// An ingest worker thread: loads the customer's context and alert rules once, then turns
// batches of raw bytes into COPY rows, rollup counts and alert matches (build-pool.ts).

const data = workerData as WorkerData;
const port = parentPort!;
try {
  const ctx = await CustomerContext.load({ customerId: data.customerId });
  const alerts = await AlertEvaluator.load({ customerId: data.customerId }, { matchOnly: true });
  await prisma.$disconnect(); // the thread never touches the database again
  const builder = new BatchBuilder(ctx, alerts.ruleCount ? alerts : null);
  port.on("message", (req: BuildRequest | RecycleRequest) => {
    if ("recycle" in req) return recycleRowBuffers(req.recycle);
    try {
      const { message, transfer } = buildInThread(builder, req);
      port.postMessage(message, transfer);
    } catch (err) {
      port.postMessage({ id: req.id, error: String((err as Error)?.stack ?? err) });
    }
  });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, error: String((err as Error)?.stack ?? err) });
}
