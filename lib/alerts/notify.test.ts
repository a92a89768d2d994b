import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR, type Actor } from "@/lib/auth/types";
import { threatLine } from "@/lib/ingest/test-lines";
import { startTestSmtp, type TestSmtp } from "@/lib/mail/test-smtp";
import { InputError } from "@/lib/validation";
import { getAlert, listCustomerAlerts, triageAlert } from "./alerts";
import { notifyAlert, resendNotification } from "./notify";
import { periodOf } from "./numbering";
import { alertsOf, ingest, socTenant } from "./test-helpers";

// Notifications: numbered TR<YYMM>-<code>-<seq>, gap-free under concurrency, e-mailed over a
// real SMTP server and read back.

const analyst: Actor = { id: null, email: "analyst@mamori.example" };
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
  process.env.MAMORI_MAIL_FROM = "SOC <soc@mamori.example>";
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

/** n malicious-URL alerts for a fresh customer (one per source address). */
async function tenantWithAlerts(n: number, contacts?: string[]) {
  const t = await socTenant({ contacts });
  await ingest(
    t,
    Array.from({ length: n }, (_, i) =>
      threatLine({ time: `2021/12/04 09:${String(i % 60).padStart(2, "0")}:05`, serial: t.serial, subtype: "url", src: `192.0.2.${10 + i}`, dst: "198.51.100.13", url: "example1.jp/", category: "malware" }),
    ),
  );
  const alerts = await alertsOf(t.customerId);
  expect(alerts).toHaveLength(n);
  return { t, alerts };
}

describe("notifying a customer", () => {
  it("numbers the notification, marks the alert notified, e-mails the contacts and audits it", async () => {
    const { t, alerts } = await tenantWithAlerts(1, ["sec@customer.example.jp", "it@customer.example.jp"]);
    const before = smtp.messages.length;
    const n = await notifyAlert(t, alerts[0]!.id, { analysis: "DNS ポイズニングを行うサイトと情報があり、悪性情報が確認されました。" }, analyst);
    const period = periodOf(new Date(), "Asia/Tokyo");
    expect(n.number).toBe(`TR${period}-${t.code}-00001`);
    expect(n.mailStatus).toBe("sent");
    await smtp.waitFor(before + 1);
    const mail = smtp.messages.find((m) => m.subject.includes(n.number))!;
    expect(mail.envelopeTo.sort()).toEqual(["it@customer.example.jp", "sec@customer.example.jp"]);
    expect(mail.from).toContain("soc@mamori.example");
    expect(mail.subject).toBe(`[Mamori] アラート通知 ${n.number} URL フィルタリング Critical: URL-Paloalto-Malicious Category`);
    expect(mail.text).toContain(`${t.name} 御中`);
    expect(mail.text).toContain("検知日時: 2021-12-04 09:00:05 (Asia/Tokyo)");
    expect(mail.text).toContain("URL: example1[.]jp/");
    expect(mail.text).toContain("DNS ポイズニングを行うサイト");
    expect(mail.text).toContain(`/customers/${t.slug}/alerts/${alerts[0]!.id}`);

    const row = await prisma.alertNotification.findUniqueOrThrow({ where: { id: n.id } });
    expect(row).toMatchObject({ mailStatus: "sent", seq: 1, period, notifiedBy: analyst.email });
    expect(row.mailedAt).toBeInstanceOf(Date);
    expect((await prisma.alert.findUniqueOrThrow({ where: { id: alerts[0]!.id } })).status).toBe("notified");
    const audit = await prisma.auditLog.findMany({ where: { entityId: alerts[0]!.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["alert.notify", "alert.mail_sent"]);
    // Notified once only.
    await expect(notifyAlert(t, alerts[0]!.id, {}, analyst)).rejects.toMatchObject({ fields: { id: "alreadyNotified" } });
  });

  it("concurrent notifications get unique, gap-free numbers 1..n; refused ones use no number", async () => {
    const { t, alerts } = await tenantWithAlerts(24);
    // 24 alerts notified at once, plus 8 attempts on alerts already being notified (refused).
    const attempts = [...alerts.map((a) => a.id), ...alerts.slice(0, 8).map((a) => a.id)];
    const results = await Promise.allSettled(attempts.map((id) => notifyAlert(t, id, {}, analyst)));
    const ok = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ number: string; seq: number }>).value);
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(ok).toHaveLength(24);
    expect(refused).toHaveLength(8);
    for (const e of refused) expect(e).toBeInstanceOf(InputError);
    expect(ok.map((n) => n.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(new Set(ok.map((n) => n.number)).size).toBe(24);
    const counter = await prisma.documentCounter.findMany({ where: { customerId: t.customerId } });
    expect(counter.map((c) => [c.kind, c.value])).toEqual([["TR", 24]]);
    // Numbers follow the order of notification times.
    const rows = await prisma.alertNotification.findMany({ where: { customerId: t.customerId }, orderBy: { seq: "asc" } });
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.notifiedAt.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.notifiedAt.getTime());
    // A second customer counts from 1 on its own.
    const other = await tenantWithAlerts(1);
    expect((await notifyAlert(other.t, other.alerts[0]!.id, {}, analyst)).seq).toBe(1);
  }, 120_000);

  it("keeps the number when the mail server is down, records the failure, and resends later", async () => {
    const { t, alerts } = await tenantWithAlerts(1);
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    try {
      const n = await notifyAlert(t, alerts[0]!.id, {}, analyst);
      expect(n.mailStatus).toBe("failed");
      const row = await prisma.alertNotification.findUniqueOrThrow({ where: { id: n.id } });
      expect(row.mailError).toBeTruthy();
    } finally {
      process.env.SMTP_URL = smtp.url;
    }
    const before = smtp.messages.length;
    expect((await resendNotification(t, alerts[0]!.id, analyst)).status).toBe("sent");
    await smtp.waitFor(before + 1);
    expect((await prisma.alertNotification.findFirstOrThrow({ where: { alertId: alerts[0]!.id } })).mailStatus).toBe("sent");
  });

  it("refuses a closed alert, an unknown one, another customer's, and a customer without contacts", async () => {
    const { t, alerts } = await tenantWithAlerts(2);
    await triageAlert(t, alerts[0]!.id, { status: "closed", level: "critical", closeReason: "no_impact" }, CLI_ACTOR);
    await expect(notifyAlert(t, alerts[0]!.id, {}, analyst)).rejects.toMatchObject({ fields: { id: "alertClosed" } });
    await expect(notifyAlert(t, "00000000-0000-0000-0000-000000000000", {}, analyst)).rejects.toMatchObject({ fields: { id: "notFound" } });
    const other = await socTenant();
    await expect(notifyAlert(other, alerts[1]!.id, {}, analyst)).rejects.toMatchObject({ fields: { id: "notFound" } });
    const silent = await tenantWithAlerts(1, []);
    await expect(notifyAlert(silent.t, silent.alerts[0]!.id, {}, analyst)).rejects.toMatchObject({ fields: { recipients: "noContacts" } });
    expect(await prisma.documentCounter.count({ where: { customerId: { in: [t.customerId, silent.t.customerId] } } })).toBe(0);
  });

  it("customers see only notified alerts of their own; staff see all", async () => {
    const { t, alerts } = await tenantWithAlerts(2);
    await notifyAlert(t, alerts[1]!.id, { analysis: "確認済み" }, analyst);
    const other = await socTenant();
    expect((await listCustomerAlerts(t, { staff: false })).map((a) => a.id)).toEqual([alerts[1]!.id]);
    expect(await listCustomerAlerts(t, { staff: true })).toHaveLength(2);
    expect(await getAlert(t, alerts[0]!.id, { staff: false })).toBeNull();
    const seen = await getAlert(t, alerts[1]!.id, { staff: false });
    expect(seen?.notification?.analysis).toBe("確認済み");
    expect(seen && "notes" in seen).toBe(false);
    expect(await getAlert(other, alerts[1]!.id, { staff: true })).toBeNull();
    expect(await listCustomerAlerts(other, { staff: true })).toEqual([]);
  });

  it("triage: allowed status changes only, a reason to close, every change audited", async () => {
    const { t, alerts } = await tenantWithAlerts(1);
    const id = alerts[0]!.id;
    await expect(triageAlert(t, id, { status: "closed", level: "minor" }, CLI_ACTOR)).rejects.toMatchObject({ fields: { closeReason: "required" } });
    await triageAlert(t, id, { status: "investigating", level: "minor" }, CLI_ACTOR);
    await expect(triageAlert(t, id, { status: "new", level: "minor" }, CLI_ACTOR)).rejects.toMatchObject({ fields: { status: "transition" } });
    await triageAlert(t, id, { status: "closed", level: "minor", closeReason: "false_positive" }, CLI_ACTOR);
    await triageAlert(t, id, { status: "investigating", level: "minor" }, CLI_ACTOR);
    const a = await prisma.alert.findUniqueOrThrow({ where: { id } });
    expect(a).toMatchObject({ status: "investigating", level: "minor", closeReason: null });
    const audit = await prisma.auditLog.findMany({ where: { entityId: id }, orderBy: { id: "asc" } });
    expect(audit.map((x) => [x.action, (x.after as { status: string }).status])).toEqual([
      ["alert.status", "investigating"],
      ["alert.status", "closed"],
      ["alert.status", "investigating"],
    ]);
  });
});
