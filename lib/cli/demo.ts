import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { hashPassword } from "@/lib/auth/password";
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

/** Idempotent: creates what is missing and gives the three demo users fresh passwords to print. */
export async function seedDemo(): Promise<{ url: string; users: { role: string; email: string; password: string }[] }> {
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
    await prisma.user.upsert({
      where: { email: u.email },
      create: { ...u, customerId, passwordHash },
      update: { passwordHash, disabled: false, passwordChangedAt: new Date() },
    });
    users.push({ role: u.role, email: u.email, password });
  }
  const port = process.env.PORT ?? "3000";
  log("demo users (passwords are new on every run):");
  for (const u of users) log(`  ${u.role.padEnd(8)} ${u.email}  ${u.password}`);
  return { url: `http://localhost:${port}`, users };
}
