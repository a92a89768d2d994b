import { expect, test, type Page } from "@playwright/test";
import { ADMIN, PASSWORD, TENANT_A, signIn, soc } from "./fixtures";
import { currentTotp } from "../lib/auth/totp";

// Two-factor sign-in as staff meet it, the lockout, and the security headers every answer carries.

/** Any Content-Security-Policy violation the browser reports would mean a page half works. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

async function submitSignIn(page: Page, email: string, password: string, code = "") {
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("#code").fill(code);
  await page.locator("form button[type=submit]").click();
}

const wrongCode = (secret: string) => (currentTotp(secret) === "000000" ? "111111" : "000000");

test("pages and API answers carry the security headers; the CSP nonce lets the app run", async ({ page, request }) => {
  const violations = watchCsp(page);
  const res = await page.goto("/signin");
  const h = res!.headers();
  const csp = h["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["strict-transport-security"]).toBeUndefined(); // plain http: no HSTS
  // Next's own inline scripts carry this request's nonce.
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  expect(await page.evaluate(() => [...document.scripts].filter((s) => !s.src && !s.nonce).length)).toBe(0);
  expect(nonce).not.toBe(/'nonce-([^']+)'/.exec((await request.get("/signin")).headers()["content-security-policy"]!)![1]);

  // Behind a TLS-terminating proxy the answer also asks for HSTS.
  const tls = await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } });
  expect(tls.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
  expect(tls.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  const api = await request.get(`/api/customers/${TENANT_A.slug}/events/export`);
  expect(api.status()).toBe(401);
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");

  // The hydrated app works under the policy: sign in (client-side form), open a dashboard.
  await signIn(page, ADMIN);
  await page.goto(`/customers/${TENANT_A.slug}`);
  await expect(page.locator("h1")).toBeVisible();
  expect(violations).toEqual([]);
});

test("a new admin enrols two-factor at first sign-in, then needs the current code; an admin reset sends them back", async ({ page: adminPage, browser }) => {
  const email = `tf-${Date.now().toString(36)}@e2e.example`;
  soc(["user", "add", "--email", email, "--role", "admin"], PASSWORD);

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const violations = watchCsp(page);
  await page.goto("/signin");
  await submitSignIn(page, email, PASSWORD);
  // Password only: staff can do nothing but enrol.
  await expect(page).toHaveURL(/\/two-factor$/);
  await expect(page.getByTestId("totp-qr")).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await expect(page.getByTestId("totp-uri")).toContainText(`secret=${secret}`);
  expect((await page.goto("/admin/users"))!.url()).toMatch(/\/two-factor$/);

  await page.locator("#field-code").fill(wrongCode(secret));
  await page.getByRole("button", { name: "有効にする" }).click();
  await expect(page.locator("[data-field-error=code]")).toBeVisible();
  await page.locator("#field-code").fill(currentTotp(secret));
  await page.getByRole("button", { name: "有効にする" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(email);
  await page.goto("/settings");
  await expect(page.getByTestId("two-factor")).toHaveAttribute("data-enabled", "true");
  await ctx.close();

  const ctx2 = await browser.newContext();
  const again = await ctx2.newPage();
  await again.goto("/signin");
  await submitSignIn(again, email, PASSWORD);
  await expect(again.getByTestId("signin-error")).toHaveAttribute("data-error", "totp_required");
  await submitSignIn(again, email, PASSWORD, wrongCode(secret));
  await expect(again.getByTestId("signin-error")).toHaveAttribute("data-error", "totp_invalid");
  await expect(again.getByTestId("signin-error")).toContainText("認証コード");
  await submitSignIn(again, email, PASSWORD, currentTotp(secret));
  await expect(again.getByTestId("current-user")).toHaveText(email);
  expect(violations).toEqual([]);

  // Lost phone: another admin resets two-factor; the user must enrol again (new secret) before anything else.
  await signIn(adminPage, ADMIN);
  await adminPage.goto("/admin/users");
  await adminPage.getByRole("link", { name: email }).click();
  await expect(adminPage.getByTestId("user-two-factor")).toHaveText("有効");
  await adminPage.getByRole("button", { name: "二要素認証をリセット" }).click();
  await expect(adminPage.getByTestId("user-two-factor")).toHaveText("無効");
  await adminPage.goto(`/admin/audit?action=user.totp&actor=&customer=`);
  await expect(adminPage.getByTestId("audit-table")).toContainText("user.totp_reset");
  await again.goto("/alerts");
  await expect(again).toHaveURL(/\/two-factor$/);
  await expect(again.getByTestId("totp-secret")).not.toHaveText(secret);
  await ctx2.close();
});

test("repeated failures lock the account with a clear message; the lockout is in the audit log", async ({ page, browser }) => {
  const email = `lock-${Date.now().toString(36)}@e2e.example`;
  soc(["user", "add", "--email", email, "--role", "customer", "--customer", TENANT_A.slug], PASSWORD);
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await other.goto("/signin");
  for (let i = 1; i <= 4; i++) {
    await submitSignIn(other, email, `wrong-password-${i}`);
    await expect(other.getByTestId("signin-error")).toHaveAttribute("data-error", "CredentialsSignin");
  }
  await submitSignIn(other, email, "wrong-password-5");
  await expect(other.getByTestId("signin-error")).toHaveAttribute("data-error", "locked");
  await expect(other.getByTestId("signin-error")).toContainText("15分間ロック");
  // Even the right password is refused while locked.
  await submitSignIn(other, email, PASSWORD);
  await expect(other.getByTestId("signin-error")).toHaveAttribute("data-error", "locked");
  await ctx.close();

  await signIn(page, ADMIN, PASSWORD);
  await page.goto(`/admin/audit?action=auth.lockout&actor=${encodeURIComponent(email)}`);
  await expect(page.getByTestId("audit-table").locator("tbody tr")).toHaveCount(1);
  await page.goto(`/admin/audit?action=auth.sign_in_failed&actor=${encodeURIComponent(email)}&customer=${TENANT_A.slug}`);
  await expect(page.getByTestId("audit-table").locator("tbody tr")).toHaveCount(6);
  // The operator lifts it early.
  soc(["user", "unlock", "--email", email]);
  const ctx3 = await browser.newContext();
  const back = await ctx3.newPage();
  await signIn(back, email, PASSWORD);
  await ctx3.close();
});

test("a password change signs out every session; the policy speaks next to the field", async ({ browser }) => {
  const email = `pwchg-${Date.now().toString(36)}@e2e.example`;
  soc(["user", "add", "--email", email, "--role", "customer", "--customer", TENANT_A.slug], PASSWORD);
  const [one, two] = [await browser.newContext(), await browser.newContext()];
  const a = await one.newPage();
  const b = await two.newPage();
  await signIn(a, email);
  await signIn(b, email);

  await a.goto("/settings");
  await a.locator("#field-current").fill(PASSWORD);
  await a.locator("#field-password").fill("password1234");
  await a.locator("#field-confirm").fill("password1234");
  await a.getByRole("button", { name: "パスワードを変更" }).click();
  await expect(a.locator("[data-field-error=password]")).toHaveText("よく使われるパスワードです。推測されにくいものにしてください。");

  const next = "another-strong-passphrase-42";
  await a.locator("#field-current").fill(PASSWORD);
  await a.locator("#field-password").fill(next);
  await a.locator("#field-confirm").fill(next);
  await a.getByRole("button", { name: "パスワードを変更" }).click();
  await expect(a).toHaveURL(/\/signin/);
  // The other browser's session is gone too.
  await b.goto("/settings");
  await expect(b).toHaveURL(/\/signin/);
  await signIn(b, email, next);
  await one.close();
  await two.close();
});
