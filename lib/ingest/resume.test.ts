import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { uniq } from "@/lib/testing/helpers";
import { ingestFiles } from "./ingest";
import { threatLine, trafficLine } from "./test-lines";

// kill -9 in the middle of an ingest, run it again: the counts are exactly those of one clean run.
const dir = mkdtempSync(path.join(tmpdir(), "mamori-resume-"));

function logLines(serial: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + (i % 28);
    const t = `2021/12/${String(day).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00`;
    if (i % 97 === 0) out.push(`garbage line ${i}`);
    else if (i % 10 === 0) out.push(threatLine({ time: t, serial, subtype: "url", category: ["news", "search-engines", "malware"][i % 3]!, url: `site${i % 50}.example/x` }));
    else out.push(trafficLine({ time: t, serial, src: `192.0.2.${i % 200}`, dst: `8.8.${i % 4}.${i % 250}`, dport: [443, 53, 80][i % 3]!, proto: i % 3 === 1 ? "udp" : "tcp", action: i % 4 === 0 ? "deny" : "allow", repeat: 1 + (i % 3) }));
  }
  return out;
}

async function tenant() {
  const slug = uniq("res");
  const c = await createCustomer({ slug, name: "再開テスト", internalNetworks: "192.0.2.0/24" }, CLI_ACTOR);
  const serial = uniq("SN").toUpperCase().replace(/-/g, "");
  await createDevice({ customerSlug: slug, hostname: "fw", serial, model: "PA-3220", ip: "192.0.2.13" }, CLI_ACTOR);
  return { customerId: c.id, slug, serial };
}

async function snapshot(customerId: string) {
  const [events, rejects, daily, monthly, files, strays] = await Promise.all([
    prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM events WHERE customer_id = ${customerId}::uuid`.then((r) => Number(r[0]!.n)),
    prisma.ingestReject.count({ where: { customerId } }),
    prisma.rollupDaily.findMany({ where: { customerId }, select: { day: true, fn: true, allowed: true, count: true, bytes: true }, orderBy: [{ day: "asc" }, { fn: "asc" }, { allowed: "asc" }] }),
    prisma.rollupMonthly.findMany({ where: { customerId }, select: { month: true, dimension: true, key: true, count: true }, orderBy: [{ dimension: "asc" }, { key: "asc" }] }),
    prisma.ingestFile.findMany({ where: { customerId }, select: { status: true, accepted: true, rejected: true, linesCommitted: true } }),
    // Rows and chunks that name a file id other than their file's (a batch must never be written under another file's id).
    prisma.$queryRaw<{ n: bigint }[]>`SELECT (SELECT count(*) FROM events e WHERE e.customer_id = ${customerId}::uuid AND e.file_id NOT IN (SELECT id FROM ingest_files WHERE customer_id = ${customerId}::uuid))
      + (SELECT count(*) FROM ingest_chunks c WHERE c.customer_id = ${customerId}::uuid AND c.file_id NOT IN (SELECT id FROM ingest_files WHERE customer_id = ${customerId}::uuid)) AS n`.then((r) => Number(r[0]!.n)),
  ]);
  return { events, rejects, daily, monthly, files, strays };
}

/** threads: batches built in worker threads (as for big files) or on the main thread. */
function startIngest(slug: string, file: string, threads: number) {
  return spawn(process.execPath, ["bin/soc.mjs", "ingest", "--customer", slug, "--batch", "300", "--json", file], {
    env: { ...process.env, MAMORI_INGEST_THREADS: String(threads) },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

describe("exactly once under kill -9", () => {
  it("resumes after being killed mid-file and ends with the counts of one clean run", async () => {
    const clean = await tenant();
    const killed = await tenant();
    const N = 12_000;
    const cleanFile = path.join(dir, "clean.log");
    const killedFile = path.join(dir, "killed.log");
    writeFileSync(cleanFile, logLines(clean.serial, N).join("\n") + "\n");
    writeFileSync(killedFile, logLines(killed.serial, N).join("\n") + "\n");
    await ingestFiles(clean, [cleanFile], { batchLines: 1000 });

    // Kill three times, each time right after some batch has committed, then let it finish;
    // with and without worker threads.
    let lastCommitted = -1;
    for (let round = 0; round < 3; round++) {
      const child = startIngest(killed.slug, killedFile, round % 2 ? 0 : 2);
      const exited = new Promise((r) => child.on("exit", r));
      for (;;) {
        const f = await prisma.ingestFile.findFirst({ where: { customerId: killed.customerId } });
        const committed = Number(f?.linesCommitted ?? 0);
        if (f?.status === "done" || (committed > 0 && committed > lastCommitted)) {
          lastCommitted = committed;
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill("SIGKILL");
      await exited;
    }
    const mid = await prisma.ingestFile.findFirstOrThrow({ where: { customerId: killed.customerId } });
    expect(mid.status, "the kills landed before the end of the file").toBe("running");

    const finish = startIngest(killed.slug, killedFile, 2);
    let out = "";
    finish.stdout.on("data", (b) => (out += String(b)));
    const code = await new Promise((r) => finish.on("exit", r));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ files: 1, skipped: 0 });

    const a = await snapshot(clean.customerId);
    const b = await snapshot(killed.customerId);
    expect(b.events).toBe(a.events);
    expect([a.strays, b.strays]).toEqual([0, 0]);
    expect(b.rejects).toBe(a.rejects);
    expect(b.daily).toEqual(a.daily);
    expect(b.monthly.map((m) => [m.dimension, m.key, m.count])).toEqual(a.monthly.map((m) => [m.dimension, m.key, m.count]));
    expect(b.files.map((f) => [f.status, f.accepted, f.rejected, f.linesCommitted])).toEqual(a.files.map((f) => [f.status, f.accepted, f.rejected, f.linesCommitted]));
  }, 180_000);
});
