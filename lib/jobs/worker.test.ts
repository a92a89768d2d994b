import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { trafficLine } from "@/lib/ingest/test-lines";
import { uniq } from "@/lib/testing/helpers";
import { enqueueIngest, stopQueue } from "./queue";
import { startIngestWorker } from "./worker";

afterAll(() => stopQueue());

describe("ingest jobs", () => {
  it("two workers share queued files and count each file exactly once, even when it is queued twice", async () => {
    const slug = uniq("jobs");
    const c = await createCustomer({ slug, name: "ジョブ" }, CLI_ACTOR);
    const serial = uniq("SN").toUpperCase().replace(/-/g, "");
    await createDevice({ customerSlug: slug, hostname: "fw", serial, model: "PA-220", ip: "192.0.2.1" }, CLI_ACTOR);
    const dir = mkdtempSync(path.join(tmpdir(), "mamori-jobs-"));
    const files = Array.from({ length: 6 }, (_, i) => {
      const f = path.join(dir, `f${i}.log`);
      writeFileSync(f, Array.from({ length: 50 }, (_, j) => trafficLine({ time: `2021/12/${String(1 + i).padStart(2, "0")} 10:00:${String(j % 60).padStart(2, "0")}`, serial })).join("\n"));
      return f;
    });
    for (const f of [...files, files[0]!, files[3]!]) await enqueueIngest({ customerId: c.id, path: f });
    const stopA = await startIngestWorker();
    const stopB = await startIngestWorker();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const done = await prisma.ingestFile.count({ where: { customerId: c.id, status: "done" } });
      if (done === 6 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 1500)); // let the duplicate jobs run too
    await stopA();
    await stopB();
    const total = await prisma.rollupDaily.aggregate({ where: { customerId: c.id }, _sum: { count: true } });
    expect(await prisma.ingestFile.count({ where: { customerId: c.id, status: "done" } })).toBe(6);
    expect(Number(total._sum.count)).toBe(300);
  }, 90_000);
});
