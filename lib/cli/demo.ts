import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { writeMonth } from "@/lib/ingest/generate";
import { ingestFiles } from "@/lib/ingest/ingest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { hashPassword } from "@/lib/auth/password";
import { generateTotpSecret, totpUri } from "@/lib/auth/totp";
import { requiresTwoFactor } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { log } from "./output";

export const DEMO_CUSTOMER = {
  slug: "sample",
  name: "株式会社サンプル",
  code: "12345",
  timezone: "Asia/Tokyo",
  internalNetworks: ["192.0.2.0/24", "10.0.0.0/8"],
  contactEmails: ["soc-contact@sample.example.jp"],
};
export const DEMO_DEVICE = { model: "PA-3220", hostname: "sample-utm", ip: "192.0.2.13", serial: "013201009999", timezone: "Asia/Tokyo" };

const DEMO_USERS = [
  { email: "admin@mamori.example", name: "管理者", role: "admin" as const },
  { email: "analyst@mamori.example", name: "分析担当", role: "analyst" as const },
  { email: "customer@sample.example.jp", name: "サンプル担当者", role: "customer" as const },
];

interface DemoCredentials {
  role: string;
  email: string;
  password: string;
  /** Staff sign in with a TOTP code: add this secret (or URI) to an authenticator app, or `soc user totp`. */
  totpSecret?: string;
  totpUri?: string;
}

/**
 * Idempotent: creates what is missing and gives the three demo users fresh passwords to print;
 * the admin and the analyst also get a fresh TOTP secret (two-factor is required for staff).
 */
export async function seedDemo(): Promise<{ url: string; users: DemoCredentials[] }> {
  let customer = await prisma.customer.findUnique({ where: { slug: DEMO_CUSTOMER.slug } });
  if (!customer) customer = await createCustomer(DEMO_CUSTOMER, CLI_ACTOR);
  if (!(await prisma.device.findUnique({ where: { serial: DEMO_DEVICE.serial } }))) {
    await createDevice({ customerSlug: DEMO_CUSTOMER.slug, ...DEMO_DEVICE }, CLI_ACTOR);
  }
  const users = [];
  for (const u of DEMO_USERS) {
    const password = process.env.MAMORI_DEMO_PASSWORD ?? `demo-${randomBytes(6).toString("base64url")}`;
    const passwordHash = await hashPassword(password);
    const customerId = u.role === "customer" ? customer.id : null;
    const totpSecret = requiresTwoFactor(u.role) ? (process.env.MAMORI_DEMO_TOTP_SECRET ?? generateTotpSecret()) : null;
    const totp = { totpSecret, totpPendingSecret: null, totpEnabledAt: totpSecret ? new Date() : null };
    await prisma.user.upsert({
      where: { email: u.email },
      create: { ...u, customerId, passwordHash, ...totp },
      update: { passwordHash, disabled: false, passwordChangedAt: new Date(), ...totp },
    });
    users.push({ role: u.role, email: u.email, password, ...(totpSecret ? { totpSecret, totpUri: totpUri(totpSecret, u.email) } : {}) });
  }
  // SOC work (lib/alerts/demo.ts): rules and threat intel before the logs, so ingest raises the sample's alerts;
  // then notifications, inquiries, work items and an outage.
  const { prepareSocDemo, seedSocDemo } = await import("@/lib/alerts/demo");
  await prepareSocDemo();
  await ingestDemoLogs(customer.id);
  await seedSocDemo({ customerId: customer.id }, log);
  // The monthly report (lib/reports/demo.ts): 2021-12 drafted from the figures, published.
  const { seedReportDemo } = await import("@/lib/reports/demo");
  await seedReportDemo({ customerId: customer.id }, log);
  const port = process.env.PORT ?? "3000";
  log("demo users (passwords are new on every run):");
  for (const u of users) log(`  ${u.role.padEnd(8)} ${u.email}  ${u.password}${u.totpSecret ? `  TOTP secret ${u.totpSecret}` : ""}`);
  log("admin and analyst need a TOTP code: add the secret (or totpUri in the JSON) to an authenticator app,");
  log("or print the current code with: npx soc user totp-code --secret <secret>");
  return { url: `http://localhost:${port}`, users };
}

export const DEMO_MONTHS = ["2021-11", "2021-12"];

/**
 * Two months of generated PA-3220 logs through the real ingest pipeline. Same seed, same bytes:
 * a second `npm run demo` finds the content already ingested and skips it.
 */
async function ingestDemoLogs(customerId: string): Promise<void> {
  const scale = Number(process.env.MAMORI_DEMO_SCALE ?? 0.01);
  const dir = path.resolve(process.env.MAMORI_DATA_DIR ?? ".mamori", "demo");
  mkdirSync(dir, { recursive: true });
  for (const [i, month] of DEMO_MONTHS.entries()) {
    const file = path.join(dir, `${month}-x${scale}.log.gz`);
    if (!existsSync(file)) {
      log(`generating demo logs for ${month} (scale ${scale})…`);
      await writeMonth(
        { month, scale, serial: DEMO_DEVICE.serial, deviceName: DEMO_DEVICE.hostname, timeZone: DEMO_CUSTOMER.timezone, internalNetworks: DEMO_CUSTOMER.internalNetworks, seed: 2021 + i },
        file,
      );
    }
    const s = await ingestFiles({ customerId }, [file], { log });
    if (!s.skipped) log(`ingested ${month}: ${s.lines.toLocaleString("en-US")} lines (${s.rejected} rejected) in ${s.seconds}s`);
  }
}
