import { parentPort, workerData } from "node:worker_threads";
import { AlertEvaluator } from "@/lib/alerts/evaluator";
import { BatchBuilder } from "./batch-builder";
import { recycleRowBuffers } from "./copy-binary";
import { CustomerContext } from "./context";
import { buildInThread, type BuildRequest, type RecycleRequest, type WorkerData } from "./build-pool";

// An ingest worker thread: makes the customer's context and alert rules from the main thread's data, then turns
// batches of raw bytes into COPY rows, rollup counts and alert matches (build-pool.ts).

const data = workerData as WorkerData;
const port = parentPort!;
try {
  // Built from the main thread's data: this thread never loads a database client (smaller heap,
  // cheaper full GCs, and about a second less to start).
  const ctx = CustomerContext.fromData(data.context);
  const alerts = AlertEvaluator.fromData(data.context.customerId, data.alerts);
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
