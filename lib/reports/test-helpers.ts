import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CLI_ACTOR, type Actor } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { ingestFiles } from "@/lib/ingest/ingest";
import { threatLine, trafficLine } from "@/lib/ingest/test-lines";
import { uniq } from "@/lib/testing/helpers";

// Tenants with a month of logs for the report tests (real database, real ingest, real PDF).

const dir = mkdtempSync(path.join(tmpdir(), "mamori-reports-"));
let seq = 0;

export const ANALYST_A: Actor = { id: null, email: "analyst-a@mamori.example" };
export const ANALYST_B: Actor = { id: null, email: "analyst-b@mamori.example" };

export async function reportTenant(opts: { contacts?: string[] } = {}) {
  const slug = uniq("rpt");
  const code = String(70_000 + Math.floor(Math.random() * 2_000) * 10 + (seq++ % 10));
  const c = await createCustomer(
    { slug, code, name: `株式会社${slug}`, timezone: "Asia/Tokyo", internalNetworks: "192.0.2.0/24", contactEmails: opts.contacts ?? [] },
    CLI_ACTOR,
  );
  const serial = uniq("SN").toUpperCase().replace(/-/g, "");
  await createDevice({ customerSlug: slug, hostname: "sample-utm", serial, model: "PA-3220", ip: "192.0.2.13" }, CLI_ACTOR);
  return { customerId: c.id, slug, serial, code, name: c.name, timezone: "Asia/Tokyo" };
}

export async function ingestLines(t: { customerId: string }, lines: string[]) {
  const file = path.join(dir, `${uniq("log")}.log`);
  writeFileSync(file, lines.join("\n") + "\n");
  return ingestFiles({ customerId: t.customerId }, [file]);
}

/** November (4 sessions) and December 2021 logs like a tiny version of the sample's month. */
export function sampleMonthLines(serial: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 3; i++) lines.push(trafficLine({ time: "2021/11/15 10:00:00", serial, src: "192.0.2.214", dst: "8.8.8.8" }));
  lines.push(trafficLine({ time: "2021/11/15 10:00:00", serial, src: "192.0.2.95", action: "deny", subtype: "deny" }));
  for (let i = 0; i < 6; i++) lines.push(trafficLine({ time: "2021/12/01 09:00:00", serial, src: "192.0.2.214", dst: "8.8.8.8", dport: 443 }));
  lines.push(trafficLine({ time: "2021/12/04 09:43:00", serial, src: "192.0.2.214", dst: "1.1.1.1", dport: 53, proto: "udp", repeat: 2 }));
  lines.push(trafficLine({ time: "2021/12/05 00:00:00", serial, src: "192.0.2.95", dst: "1.1.1.1", dport: 443, action: "deny", subtype: "deny", repeat: 3 }));
  lines.push(threatLine({ time: "2021/12/02 10:00:00", serial, subtype: "url", category: "computer-and-internet-info", url: "example.jp/a" }));
  lines.push(threatLine({ time: "2021/12/06 06:06:06", serial, subtype: "url", category: "proxy-avoidance-and-anonymizers", url: "example4.jp/" }));
  lines.push(threatLine({ time: "2021/12/07 07:00:00", serial, subtype: "url", category: "proxy-avoidance-and-anonymizers", url: "example4.jp/" }));
  for (const dst of ["203.0.113.18", "203.0.113.18", "203.0.113.38"]) lines.push(threatLine({ time: "2021/12/13 15:32:20", serial, subtype: "wildfire", threat: "Email Link(52143)", severity: "high", src: "192.0.2.18", dst, category: "phishing" }));
  lines.push(threatLine({ time: "2021/12/17 10:00:00", serial, subtype: "vulnerability", threat: "Apache Tomcat Remote Code Execution Via JSP Upload Vulnerability(38761)", severity: "medium", src: "133.11.0.1", dst: "192.0.2.109" }));
  return lines;
}

/** The text of a PDF as poppler's pdftotext reads it. */
export function pdfText(pdf: Buffer): string {
  const file = path.join(dir, `${uniq("pdf")}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}
