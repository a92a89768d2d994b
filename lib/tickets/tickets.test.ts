import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/types";
import { threatLine } from "@/lib/ingest/test-lines";
import { startTestSmtp, type TestSmtp } from "@/lib/mail/test-smtp";
import { notifyAlert } from "@/lib/alerts/notify";
import { periodOf } from "@/lib/alerts/numbering";
import { alertsOf, ingest, socTenant } from "@/lib/alerts/test-helpers";
import { createInquiry, getInquiry, listInquiries, listInquiryQueue, replyToInquiry } from "./inquiries";
import { createWorkItem, listWorkItems, updateWorkItem } from "./work";

const analyst: Actor = { id: null, email: "analyst@mamori.example" };
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

describe("inquiries", () => {
  it("a customer files an inquiry about a notified alert; the SOC answers; the customer is e-mailed and both read the thread", async () => {
    const t = await socTenant({ contacts: ["sec@cust.example.jp"] });
    const customer: Actor = { id: null, email: `user@${t.slug}.example.jp` };
    await ingest(t, [threatLine({ time: "2021/12/04 09:43:05", serial: t.serial, subtype: "url", src: "192.0.2.25", dst: "198.51.100.13", url: "example1.jp/", category: "malware" })]);
    const [alert] = await alertsOf(t.customerId);
    // Not yet notified: the customer cannot refer to it.
    await expect(createInquiry(t, { subject: "s", body: "b", alertId: alert!.id }, customer)).rejects.toMatchObject({ fields: { alertId: "notFound" } });
    await notifyAlert(t, alert!.id, {}, analyst);
    await expect(createInquiry(t, { subject: "", body: "" }, customer)).rejects.toMatchObject({ fields: { subject: "required", body: "required" } });

    const q1 = await createInquiry(t, { subject: "12月4日アラートについて", body: "サイトの悪性情報を教えてください。", alertId: alert!.id }, customer);
    const q2 = await createInquiry(t, { subject: "別件", body: "質問" }, customer);
    const period = periodOf(new Date(), "Asia/Tokyo");
    expect([q1.number, q2.number]).toEqual([`CN${period}001`, `CN${period}002`]);
    expect(q1.status).toBe("open");

    const before = smtp.messages.length;
    await replyToInquiry(t, q1.id, { body: "DNS ポイズニング等の悪性情報が報告されているサイトです。" }, analyst, { staff: true });
    await smtp.waitFor(before + 1);
    const mail = smtp.messages[smtp.messages.length - 1]!;
    expect(mail.subject).toBe(`[Mamori] 問合せ ${q1.number} への回答: 12月4日アラートについて`);
    expect(mail.envelopeTo.sort()).toEqual([customer.email, "sec@cust.example.jp"].sort());
    expect(mail.text).toContain("DNS ポイズニング等の悪性情報");

    const thread = await getInquiry(t, q1.id);
    expect(thread).toMatchObject({ status: "done", alert: { id: alert!.id } });
    expect(thread!.answeredAt).toBeInstanceOf(Date);
    expect(thread!.messages.map((m) => [m.fromStaff, m.body])).toEqual([[true, "DNS ポイズニング等の悪性情報が報告されているサイトです。"]]);
    // The customer follows up: open again, and the SOC sees it in its queue.
    await replyToInquiry(t, q1.id, { body: "ありがとうございます。追加で質問です。" }, customer, { staff: false });
    expect((await getInquiry(t, q1.id))!.status).toBe("open");
    expect((await listInquiryQueue({ status: "unanswered" })).map((q) => q.id)).toEqual(expect.arrayContaining([q1.id, q2.id]));
    expect((await listInquiries(t)).map((q) => q.number)).toEqual([q2.number, q1.number]);
    const audit = await prisma.auditLog.findMany({ where: { entityId: q1.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["inquiry.create", "inquiry.answer", "inquiry.reply"]);

    // Another customer sees none of it.
    const other = await socTenant();
    expect(await getInquiry(other, q1.id)).toBeNull();
    expect(await listInquiries(other)).toEqual([]);
    await expect(replyToInquiry(other, q1.id, { body: "x" }, analyst, { staff: true })).rejects.toMatchObject({ fields: { id: "notFound" } });
    await expect(createInquiry(other, { subject: "s", body: "b", alertId: alert!.id }, customer)).rejects.toMatchObject({ fields: { alertId: "notFound" } });
  });
});

describe("work items", () => {
  it("records work with a date, status and a link to the customer's own inquiry, audited", async () => {
    const t = await socTenant();
    const q = await createInquiry(t, { subject: "遮断依頼", body: "2 サイトを遮断してください" }, analyst);
    await expect(createWorkItem(t, { date: "2021-12-32", content: "" }, analyst)).rejects.toMatchObject({ fields: { date: "invalid", content: "required" } });
    const w = await createWorkItem(t, { date: "2021-12-10", content: "監視機器に特定のサイト(2件)への通信を遮断する設定を追加", status: "in_progress", inquiryId: q.id }, analyst);
    await updateWorkItem(t, w.id, { date: "2021-12-10", content: "監視機器に特定のサイト(2件)への通信を遮断する設定を追加", status: "done", inquiryId: q.id }, analyst);
    expect((await listWorkItems(t)).map((i) => [i.date, i.status, i.inquiryNumber])).toEqual([["2021-12-10", "done", q.number]]);
    const other = await socTenant();
    await expect(createWorkItem(other, { date: "2021-12-10", content: "x", inquiryId: q.id }, analyst)).rejects.toMatchObject({ fields: { inquiryId: "notFound" } });
    await expect(updateWorkItem(other, w.id, { date: "2021-12-10", content: "x" }, analyst)).rejects.toMatchObject({ fields: { id: "notFound" } });
    expect(await listWorkItems(other)).toEqual([]);
    const audit = await prisma.auditLog.findMany({ where: { entityId: w.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["work.create", "work.update"]);
  });
});
