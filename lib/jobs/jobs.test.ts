import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { uniq } from "@/lib/testing/helpers";
import { jobPageData, jobsFilterSchema, listJobs } from "./jobs";

async function customerWithJobs(statuses: string[]) {
  const slug = uniq("jobs");
  const c = await createCustomer({ slug, name: `ジョブ ${slug}`, timezone: "Asia/Tokyo", internalNetworks: "10.0.0.0/8" }, CLI_ACTOR);
  const ids: string[] = [];
  for (const [i, status] of statuses.entries()) {
    const j = await prisma.ingestJob.create({ data: { customerId: c.id, source: "cli", name: `f${i}.log`, path: `/tmp/${slug}-${i}.log`, status } });
    ids.push(j.id.toString());
  }
  return { slug, ids: ids.reverse() }; // newest first, as listed
}

describe("listJobs", () => {
  it("pages one customer's jobs newest first, with a link to the older ones until there are none", async () => {
    const a = await customerWithJobs(["done", "failed", "done", "running", "done"]);
    const b = await customerWithJobs(["done", "done"]);
    const seen: string[] = [];
    let before: number | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await listJobs({ customer: a.slug, before }, 2);
      expect(r.jobs.every((j) => j.customerSlug === a.slug)).toBe(true);
      seen.push(...r.jobs.map((j) => j.id));
      if (!r.nextBefore) break;
      before = Number(r.nextBefore);
    }
    expect(seen).toEqual(a.ids);
    expect((await listJobs({ customer: b.slug })).jobs.map((j) => j.id)).toEqual(b.ids);
  });

  it("filters by status, and an unknown customer lists nothing rather than everything", async () => {
    const a = await customerWithJobs(["done", "failed", "done", "failed"]);
    const failed = await listJobs({ customer: a.slug, status: "failed" });
    expect(failed.jobs.map((j) => j.status)).toEqual(["failed", "failed"]);
    expect(failed.jobs.map((j) => j.id)).toEqual([a.ids[0], a.ids[2]]);
    expect(await listJobs({ customer: "no-such-customer" })).toEqual({ jobs: [], nextBefore: null });
  });

  it("reads its filter from the URL and ignores values that are not one", () => {
    expect(jobsFilterSchema.parse({ customer: " acme ", status: "done", before: "42" })).toEqual({ customer: "acme", status: "done", before: 42 });
    expect(jobsFilterSchema.parse({ status: "deleted", before: "-1" })).toEqual({ customer: undefined, status: undefined, before: undefined });
  });
});

describe("jobPageData", () => {
  it("tells rejected lines deleted by retention from a file that had none", async () => {
    const slug = uniq("jobs");
    const c = await createCustomer({ slug, name: `ジョブ ${slug}`, timezone: "Asia/Tokyo", internalNetworks: "10.0.0.0/8" }, CLI_ACTOR);
    const job = async (rejected: number, kept: number) => {
      const file = await prisma.ingestFile.create({ data: { customerId: c.id, sha256: uniq("sha"), name: "f.log", sizeBytes: 10n, status: "done", rejected: BigInt(rejected) } });
      for (let i = 1; i <= kept; i++) await prisma.ingestReject.create({ data: { fileId: file.id, customerId: c.id, lineNo: BigInt(i), reason: "bad", excerpt: "x" } });
      const j = await prisma.ingestJob.create({ data: { customerId: c.id, source: "cli", name: "f.log", path: "/tmp/f.log", status: "done", rejected: BigInt(rejected), fileId: file.id } });
      return (await jobPageData(j.id.toString()))!;
    };
    const deleted = await job(3, 0);
    expect(deleted.rejects).toEqual([]);
    expect(deleted.rejectsDeleted).toBe(true);
    const kept = await job(3, 3);
    expect(kept.rejects.map((r) => r.lineNo)).toEqual([1, 2, 3]);
    expect(kept.rejectsDeleted).toBe(false);
    const clean = await job(0, 0);
    expect(clean.rejectsDeleted).toBe(false);
  });
});
