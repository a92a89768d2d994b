import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";

// Test tenants are created through the real CLI, as an operator would.
export const PASSWORD = "e2e-password-12345";
export const TENANT_A = { slug: "e2e-alpha", name: "株式会社アルファ", user: "user@alpha.example.jp" };
export const TENANT_B = { slug: "e2e-beta", name: "株式会社ベータ", user: "user@beta.example.jp" };
export const ADMIN = "admin@e2e.example";
export const ANALYST = "analyst@e2e.example";

export function soc(args: string[], input?: string): string {
  return execFileSync(process.execPath, ["bin/soc.mjs", ...args], { input, env: process.env, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/signin");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").click();
  await expect(page.getByTestId("current-user")).toHaveText(email);
}
