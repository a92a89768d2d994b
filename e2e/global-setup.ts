import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { trafficLine } from "../lib/ingest/test-lines";
import { ADMIN, ANALYST, PASSWORD, TENANT_A, TENANT_B, enrolTotp, soc } from "./fixtures";

export default async function globalSetup() {
  for (const t of [TENANT_A, TENANT_B]) {
    soc(["customer", "add", "--slug", t.slug, "--name", t.name, "--internal", "10.0.0.0/8"]);
    soc(["device", "add", "--customer", t.slug, "--hostname", `${t.slug}-fw`, "--serial", `SER-${t.slug}`, "--model", "PA-220", "--ip", "192.0.2.1"]);
    soc(["user", "add", "--email", t.user, "--role", "customer", "--customer", t.slug], PASSWORD);
  }
  // Tenant A has logs: 3 allowed + 1 blocked firewall sessions in December 2021.
  const file = path.join(mkdtempSync(path.join(tmpdir(), "mamori-e2e-")), "a.log");
  const serial = `SER-${TENANT_A.slug}`;
  writeFileSync(
    file,
    [
      trafficLine({ time: "2021/12/01 10:00:00", serial, src: "10.1.1.1", dst: "8.8.8.8" }),
      trafficLine({ time: "2021/12/01 10:00:01", serial, src: "10.1.1.1", dst: "8.8.8.8", repeat: 2 }),
      trafficLine({ time: "2021/12/02 10:00:00", serial, src: "10.1.1.2", dst: "1.1.1.1", action: "deny", subtype: "deny" }),
    ].join("\n"),
  );
  soc(["ingest", "--customer", TENANT_A.slug, file]);
  soc(["user", "add", "--email", ADMIN, "--role", "admin"], PASSWORD);
  soc(["user", "add", "--email", ANALYST, "--role", "analyst"], PASSWORD);
  enrolTotp(ADMIN);
  enrolTotp(ANALYST);
}
