import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { currentTotp } from "../lib/auth/totp";

// Test tenants are created through the real CLI, as an operator would.
export const PASSWORD = "e2e-password-12345";
export const TENANT_A = { slug: "e2e-alpha", name: "株式会社アルファ", user: "user@alpha.example.jp" };
export const TENANT_B = { slug: "e2e-beta", name: "株式会社ベータ", user: "user@beta.example.jp" };
export const ADMIN = "admin@e2e.example";
export const ANALYST = "analyst@e2e.example";

// Admins and analysts must sign in with a TOTP code: the suite enrols every staff user with this
// one known secret through the CLI and signIn types the current code (same library as the app).
// The app has no replay protection, so parallel workers may use the same code in one 30 s step.
export const TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

export function enrolTotp(email: string, secret = TOTP_SECRET): void {
  soc(["user", "totp", "--email", email, "--secret", secret]);
}

export function totpCode(secret = TOTP_SECRET): string {
  return currentTotp(secret);
}

/** A customer made through the CLI with one firewall, one customer user and a contact address. */
export interface CliTenant {
  slug: string;
  name: string;
  code: string;
  serial: string;
  user: string;
  contact: string;
}

export function soc(args: string[], input?: string): string {
  return execFileSync(process.execPath, ["bin/soc.mjs", ...args], { input, env: process.env, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/signin");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  // Users without two-factor (customers) are not asked for a code; the app ignores one then.
  await page.locator("#code").fill(totpCode());
  await page.locator("form button[type=submit]").click();
  await expect(page.getByTestId("current-user")).toHaveText(email);
}
