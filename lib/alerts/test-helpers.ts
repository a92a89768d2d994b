import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { ingestFiles, type IngestOptions } from "@/lib/ingest/ingest";
import { uniq } from "@/lib/testing/helpers";

// Tenants and log files for the SOC tests (real database, real ingest).

const dir = mkdtempSync(path.join(tmpdir(), "mamori-soc-"));
let codeSeq = 0;

export async function socTenant(opts: { contacts?: string[]; timezone?: string } = {}) {
  const slug = uniq("soc");
  // Explicit codes: parallel test files creating customers must not race for "the next free code".
  const code = String(50_000 + Math.floor(Math.random() * 40_000) * 10 + (codeSeq++ % 10));
  const c = await createCustomer(
    { slug, code, name: `株式会社${slug}`, timezone: opts.timezone ?? "Asia/Tokyo", internalNetworks: "192.0.2.0/24", contactEmails: opts.contacts ?? [`${slug}@example.jp`] },
    CLI_ACTOR,
  );
  const serial = uniq("SN").toUpperCase().replace(/-/g, "");
  await createDevice({ customerSlug: slug, hostname: "sample-utm", serial, model: "PA-3220", ip: "192.0.2.13" }, CLI_ACTOR);
  return { customerId: c.id, slug, serial, code, name: c.name };
}

export function logFile(lines: string[]): string {
  const file = path.join(dir, `${uniq("log")}.log`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

export async function ingest(t: { customerId: string }, lines: string[], opts: IngestOptions = {}) {
  return ingestFiles({ customerId: t.customerId }, [logFile(lines)], opts);
}

export async function alertsOf(customerId: string) {
  return prisma.alert.findMany({ where: { customerId }, orderBy: [{ firstAt: "asc" }, { ruleName: "asc" }, { srcIp: "asc" }, { dstIp: "asc" }], include: { events: { orderBy: { lineNo: "asc" } } } });
}
