import { ADMIN, ANALYST, PASSWORD, TENANT_A, TENANT_B, soc } from "./fixtures";

export default async function globalSetup() {
  for (const t of [TENANT_A, TENANT_B]) {
    soc(["customer", "add", "--slug", t.slug, "--name", t.name, "--internal", "10.0.0.0/8"]);
    soc(["device", "add", "--customer", t.slug, "--hostname", `${t.slug}-fw`, "--serial", `SER-${t.slug}`, "--model", "PA-220", "--ip", "192.0.2.1"]);
    soc(["user", "add", "--email", t.user, "--role", "customer", "--customer", t.slug], PASSWORD);
  }
  soc(["user", "add", "--email", ADMIN, "--role", "admin"], PASSWORD);
  soc(["user", "add", "--email", ANALYST, "--role", "analyst"], PASSWORD);
}
