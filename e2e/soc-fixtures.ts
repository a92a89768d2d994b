import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PASSWORD, soc, type CliTenant } from "./fixtures";

// Tenants for the SOC journeys, made through the real CLI (customer with a code and contact
// addresses, one firewall, one customer user), and logs ingested the way an operator would.

export type SocTenant = CliTenant;

const dir = mkdtempSync(path.join(tmpdir(), "mamori-e2e-soc-"));

export function socTenant(prefix: string): SocTenant {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const slug = `${prefix}-${id}`;
  const code = String(60_000 + Math.floor(Math.random() * 39_999));
  const t: SocTenant = { slug, name: `株式会社${prefix}-${id}`, code, serial: `SN${id}`.toUpperCase(), user: `user@${slug}.example.jp`, contact: `soc-contact@${slug}.example.jp` };
  soc(["customer", "add", "--slug", slug, "--name", t.name, "--code", code, "--internal", "192.0.2.0/24", "--contacts", t.contact]);
  soc(["device", "add", "--customer", slug, "--hostname", `${slug}-fw`, "--serial", t.serial, "--model", "PA-3220", "--ip", "192.0.2.13"]);
  soc(["user", "add", "--email", t.user, "--role", "customer", "--customer", slug], PASSWORD);
  return t;
}

/** `soc ingest` of the given lines; returns the JSON summary. */
export function ingestLines(slug: string, lines: string[]): { accepted: number; rejected: number } {
  const file = path.join(dir, `${slug}-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(file, lines.join("\n") + "\n");
  return JSON.parse(soc(["ingest", "--customer", slug, "--json", file]));
}

/** This month as the notification and inquiry numbers have it: "2611" (customer zone Asia/Tokyo). */
export function periodNow(): string {
  const month = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit" }).format(new Date()); // "2026-11"
  return month.slice(2, 4) + month.slice(5, 7);
}
