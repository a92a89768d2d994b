import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { trafficLine } from "@/lib/ingest/test-lines";
import { uniq } from "@/lib/testing/helpers";
import { receiveUpload } from "./uploads";

// The upload as the route handler gets it: a multipart Request, parsed as a stream.

beforeAll(() => {
  process.env.MAMORI_UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), "mamori-uploads-"));
});

function request(fields: Record<string, string>, file?: { name: string; data: Buffer }): Request {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set("file", new Blob([new Uint8Array(file.data)]), file.name);
  return new Request("http://localhost/api/admin/uploads", { method: "POST", body });
}

describe("log upload", () => {
  it("streams a gzip log to disk, queues its job and writes an audit entry", async () => {
    const slug = uniq("upl");
    const c = await createCustomer({ slug, name: "アップロード" }, CLI_ACTOR);
    const text = Array.from({ length: 100 }, (_, i) => trafficLine({ time: `2021/12/01 10:00:${String(i % 60).padStart(2, "0")}`, serial: "SN-UPLOAD" })).join("\n");
    const r = await receiveUpload(request({ customer: slug }, { name: "fw.log.gz", data: gzipSync(text) }), CLI_ACTOR);
    const job = await prisma.ingestJob.findUniqueOrThrow({ where: { id: BigInt(r.jobId) } });
    expect(job).toMatchObject({ customerId: c.id, source: "upload", name: "fw.log.gz", status: "queued" });
    expect(Number(job.sizeBytes)).toBe(gzipSync(text).length);
    expect(job.queueJobId).toBeTruthy();
    expect(existsSync(job.path)).toBe(true);
    const audit = await prisma.auditLog.findFirst({ where: { action: "ingest.upload", entityId: r.jobId } });
    expect(audit?.customerId).toBe(c.id);
  });

  it.each([
    ["a PNG image", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(5000, 1)]), "notLog"],
    ["text that is not PAN-OS", Buffer.from("hello\nthis is a shopping list\nmilk, eggs\n"), "noPanos"],
    ["a damaged gzip", Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0]), Buffer.alloc(100, 7)]), "badGzip"],
    ["an empty file", Buffer.alloc(0), "noFile"],
  ])("refuses %s with a reason and keeps nothing", async (_what, data, code) => {
    const slug = uniq("upl");
    await createCustomer({ slug, name: "アップロード" }, CLI_ACTOR);
    const before = await prisma.ingestJob.count();
    await expect(receiveUpload(request({ customer: slug }, { name: "x.log", data }), CLI_ACTOR)).rejects.toMatchObject({ code, field: "file" });
    expect(await prisma.ingestJob.count({ where: { customerId: (await prisma.customer.findUniqueOrThrow({ where: { slug } })).id } })).toBe(0);
    expect(await prisma.ingestJob.count()).toBeGreaterThanOrEqual(before);
  });

  it("refuses an unknown customer next to the customer field", async () => {
    const data = Buffer.from(trafficLine({ time: "2021/12/01 10:00:00", serial: "SN-X" }));
    await expect(receiveUpload(request({ customer: "no-such-customer" }, { name: "a.log", data }), CLI_ACTOR)).rejects.toMatchObject({ code: "noCustomer", field: "customer" });
  });
});
