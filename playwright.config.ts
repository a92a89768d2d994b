import { defineConfig } from "@playwright/test";

// Debian's chromium, never a downloaded browser. `npm test` passes the database and port.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Local mail server the app sends to (e2e/mail-sink.mjs); tests read messages over HTTP (e2e/mail.ts).
const SMTP_PORT = PORT + 25;
const MAIL_HTTP_PORT = PORT + 26;

export default defineConfig({
  testDir: "e2e",
  // Two browser workers, the app server and PostgreSQL share CI's two cores: a journey that takes
  // 20 s alone has taken over 60 s there. Timeouts catch hangs, not slowness; one value for all.
  timeout: 300_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "ja-JP",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      command: `node e2e/mail-sink.mjs ${SMTP_PORT} ${MAIL_HTTP_PORT}`,
      url: `http://127.0.0.1:${MAIL_HTTP_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node node_modules/next/dist/bin/next start -p ${PORT}`,
      url: `http://localhost:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        DATABASE_URL: process.env.DATABASE_URL ?? "",
        NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-secret-not-for-production",
        NEXTAUTH_URL: `http://localhost:${PORT}`,
        NEXT_TELEMETRY_DISABLED: "1",
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        MAMORI_MAIL_FROM: "Mamori SOC <soc@mamori.example>",
      },
    },
  ],
});
