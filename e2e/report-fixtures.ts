import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { OUTLINE, heading } from "../lib/reports/outline";
import { PASSWORD, enrolTotp, soc, type CliTenant } from "./fixtures";

// Tenants with two generated months of PA-3220 logs (the sample's shape, small scale) for the
// report journeys, made through the real CLI as an operator would.

export type ReportTenant = CliTenant;

const dir = mkdtempSync(path.join(tmpdir(), "mamori-e2e-report-"));

export function reportTenant(prefix: string, opts: { logs?: boolean } = {}): ReportTenant {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const slug = `${prefix}-${id}`;
  const code = String(20_000 + Math.floor(Math.random() * 9_999));
  const serial = `RP${id}`.toUpperCase();
  const t: ReportTenant = { slug, name: `株式会社${prefix}-${id}`, code, serial, user: `user@${slug}.example.jp`, contact: `report-contact@${slug}.example.jp` };
  soc(["customer", "add", "--slug", slug, "--name", t.name, "--code", code, "--internal", "192.0.2.0/24,10.0.0.0/8", "--contacts", t.contact]);
  soc(["device", "add", "--customer", slug, "--hostname", "sample-utm", "--serial", serial, "--model", "PA-3220", "--ip", "192.0.2.13"]);
  soc(["user", "add", "--email", t.user, "--role", "customer", "--customer", slug], PASSWORD);
  if (opts.logs !== false) {
    for (const [month, seed] of [["2021-11", "11"], ["2021-12", "12"]] as const) {
      const file = path.join(dir, `${slug}-${month}.log`);
      soc(["generate", "--month", month, "--scale", "0.0004", "--serial", serial, "--seed", seed, "-o", file]);
      soc(["ingest", "--customer", slug, file]);
    }
  }
  return t;
}

export function staffUser(email: string, role: "analyst" | "admin" = "analyst"): string {
  try {
    soc(["user", "add", "--email", email, "--role", role], PASSWORD);
  } catch {
    // already there (a retried run)
  }
  enrolTotp(email);
  return email;
}

/** pdftotext of a PDF, whitespace removed (line breaks fall anywhere in Japanese text). */
export function pdfText(pdf: Buffer): string {
  const file = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

export const flat = (s: string) => s.replace(/\s+/g, "");

/** Pages of a PDF as poppler's pdfinfo counts them. */
export function pdfPages(pdf: Buffer): number {
  const file = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1] ?? 0);
}

/** Every section heading of the sample, in its numbering. */
export const SECTION_HEADINGS = OUTLINE.map(heading);

/** Types into an editor's text area and waits until it says it saved. */
export async function editSection(page: Page, key: string, text: string) {
  const editor = page.getByTestId(`editor-${key}`);
  await editor.locator("textarea").fill(text);
  await expect(editor.getByTestId(`editor-${key}-state`)).toHaveText("保存しました", { timeout: 15_000 });
}
