import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR, type Actor } from "@/lib/auth/types";
import { threatLine, trafficLine } from "@/lib/ingest/test-lines";
import { buildReportData } from "@/lib/reports/report-data";
import { availabilityFor, createOutage, updateOutage } from "@/lib/outages/outages";
import { createInquiry, replyToInquiry } from "@/lib/tickets/inquiries";
import { createWorkItem } from "@/lib/tickets/work";
import { createThreatList, importThreatList } from "@/lib/intel/lists";
import { uniq } from "@/lib/testing/helpers";
import { notifyAlert } from "./notify";
import { createRule } from "./rules";
import { alertsOf, ingest, socTenant } from "./test-helpers";

const analyst: Actor = { id: null, email: "analyst@mamori.example" };

describe("availability", () => {
  it("sums outages of the month once (overlaps merged, clipped to the month), 100% and a note when none", async () => {
    const t = await socTenant();
    expect(await availabilityFor(t, "2021-12", "Asia/Tokyo")).toEqual({ availability: 100, downtimeHours: 0, note: "障害は発生していません", outages: [] });
    await createOutage({ customerSlug: t.slug, startAt: "2021-11-30 23:00", endAt: "2021-12-01 01:00", cause: "収集サーバ再起動" }, analyst);
    const o = await createOutage({ customerSlug: t.slug, startAt: "2021-12-10 10:00", cause: "ログ転送停止" }, analyst);
    await updateOutage(o.id, { customerSlug: t.slug, startAt: "2021-12-10 10:00", endAt: "2021-12-10 12:30", cause: "ログ転送停止" }, analyst);
    await createOutage({ customerSlug: t.slug, startAt: "2021-12-10T12:00", endAt: "2021-12-10 13:00", cause: "同上" }, analyst);
    await expect(createOutage({ customerSlug: t.slug, startAt: "2021-12-10 13:00", endAt: "2021-12-10 12:00", cause: "x" }, analyst)).rejects.toMatchObject({ fields: { endAt: "endBeforeStart" } });
    const a = await availabilityFor(t, "2021-12", "Asia/Tokyo");
    expect(a.downtimeHours).toBe(4); // 1 h of the first (clipped) + 10:00–13:00
    expect(a.availability).toBe(99.46); // (744 - 4) / 744
    expect(a.outages.map((x) => [x.start, x.end, x.hours])).toEqual([
      ["2021-11-30 23:00", "2021-12-01 01:00", 1],
      ["2021-12-10 10:00", "2021-12-10 12:30", 2.5],
      ["2021-12-10 12:00", "2021-12-10 13:00", 1],
    ]);
    const audit = await prisma.auditLog.findMany({ where: { entityId: o.id }, orderBy: { id: "asc" } });
    expect(audit.map((x) => x.action)).toEqual(["outage.create", "outage.update"]);
  });

  it("a service-wide outage counts for every customer; an open one runs until now", async () => {
    const [a, b] = [await socTenant(), await socTenant()];
    await createOutage({ startAt: "2019-06-01 00:00", endAt: "2019-06-01 03:00", cause: "監視基盤障害" }, analyst);
    for (const t of [a, b]) expect((await availabilityFor(t, "2019-06", "Asia/Tokyo")).downtimeHours).toBe(3);
    await createOutage({ customerSlug: a.slug, startAt: "2019-07-31 18:00", cause: "継続中" }, analyst);
    expect((await availabilityFor(a, "2019-07", "Asia/Tokyo", new Date("2019-07-31T10:00:00Z"))).downtimeHours).toBe(1); // 18:00–19:00 JST
  });
});

describe("report data: the SOC's work", () => {
  it("counts notified alerts by function and level, per day and against the previous month, with the 1.2.x rows and the histories", async () => {
    const t = await socTenant();
    const s = t.serial;
    const list = await createThreatList({ name: uniq("rep-ips"), kind: "ip", customerSlug: t.slug }, CLI_ACTOR);
    await importThreatList(list.id, { text: "203.0.113.197" }, CLI_ACTOR);
    await createRule({ name: "Access from Malicious IP High", level: "minor", priority: 1, customerSlug: t.slug, functions: "firewall", listId: list.id, listField: "src" }, CLI_ACTOR);
    await ingest(t, [
      threatLine({ time: "2021/11/20 10:00:00", serial: s, subtype: "url", src: "192.0.2.1", dst: "198.51.100.1", url: "a.example/", category: "malware" }), // previous month
      threatLine({ time: "2021/11/21 10:00:00", serial: s, subtype: "url", src: "192.0.2.2", dst: "198.51.100.1", url: "b.example/", category: "malware", action: "block-url" }),
      trafficLine({ time: "2021/12/04 09:43:00", serial: s, src: "203.0.113.197", dst: "192.0.2.214", dport: 22, action: "deny", subtype: "deny" }),
      threatLine({ time: "2021/12/04 09:50:00", serial: s, subtype: "url", src: "192.0.2.25", dst: "198.51.100.13", url: "example1.jp/", category: "malware" }),
      threatLine({ time: "2021/12/28 10:00:00", serial: s, subtype: "url", src: "192.0.2.30", dst: "203.0.113.210", url: "example3.co.jp/", category: "malware", action: "block-url" }),
      threatLine({ time: "2021/12/28 10:05:00", serial: s, subtype: "url", src: "192.0.2.30", dst: "203.0.113.210", url: "example3.co.jp/", category: "malware", action: "block-url" }),
      threatLine({ time: "2021/12/13 15:32:20", serial: s, subtype: "wildfire", src: "203.0.113.167", dst: "192.0.2.38", threat: "Email Link(52143)", category: "phishing", severity: "high" }),
      threatLine({ time: "2021/12/20 08:00:00", serial: s, subtype: "spyware", src: "192.0.2.201", dst: "198.51.100.9", threat: "Gh0st.Gen Command and Control Traffic(13264)", severity: "medium", action: "reset-both" }), // not notified
    ]);
    const alerts = await alertsOf(t.customerId);
    expect(alerts).toHaveLength(7);
    const notify = async (i: number, analysis: string, at: string) => {
      const n = await notifyAlert(t, alerts[i]!.id, { analysis }, analyst);
      await prisma.alertNotification.update({ where: { id: n.id }, data: { notifiedAt: new Date(at) } });
      return n;
    };
    await notify(0, "前月分", "2021-11-20T03:00:00Z");
    await notify(1, "前月分", "2021-11-21T03:00:00Z");
    const fw = await notify(2, "国外の悪性 IP からの通信", "2021-12-04T01:00:00Z");
    await notify(3, "DNS ポイズニングを行うサイト", "2021-12-04T01:10:00Z");
    await notify(4, "メールのリンク", "2021-12-13T07:00:00Z");
    await notify(6, "マルウェア感染を引き起こすサイト", "2021-12-28T02:00:00Z");

    const q = await createInquiry(t, { subject: "12月4日アラートについて", body: "サイトの悪性情報" }, { id: null, email: "u@example.jp" });
    await prisma.inquiry.update({ where: { id: q.id }, data: { createdAt: new Date("2021-12-06T00:49:00Z") } });
    await replyToInquiry(t, q.id, { body: "DNS ポイズニング等の悪性情報が報告されているサイト。" }, analyst, { staff: true });
    const q2 = await createInquiry(t, { subject: "未回答", body: "?" }, { id: null, email: "u@example.jp" });
    await prisma.inquiry.update({ where: { id: q2.id }, data: { createdAt: new Date("2021-12-20T00:00:00Z") } });
    await createWorkItem(t, { date: "2021-12-10", content: "監視機器に特定のサイト(2件)への通信を遮断する設定を追加", status: "done" }, analyst);
    await createWorkItem(t, { date: "2021-11-30", content: "前月の作業", status: "done" }, analyst);

    const r = await buildReportData(t, "2021-12");
    expect(r.alertCounts.url).toEqual({ fatal: 0, critical: 1, minor: 1, warning: 0, total: 2 });
    expect(r.alertCounts.firewall).toEqual({ fatal: 0, critical: 0, minor: 1, warning: 0, total: 1 });
    expect(r.alertCounts.wildfire).toEqual({ fatal: 0, critical: 1, minor: 0, warning: 0, total: 1 });
    expect(r.alertCounts.spyware.total).toBe(0); // raised but not notified
    expect(r.alertLevels.map((l) => [l.label, l.previous, l.current, l.ratio])).toEqual([
      ["Fatal", 0, 0, null],
      ["Critical", 1, 2, 200],
      ["Minor", 1, 2, 200],
      ["Warning", 0, 0, null],
      ["合計", 2, 4, 200],
    ]);
    expect(r.alerts.url.levels.find((l) => l.level === "total")).toMatchObject({ previous: 2, current: 2, ratio: 100 });
    expect(r.alerts.url.daily).toHaveLength(31);
    expect(r.alerts.url.daily.filter((d) => d.total).map((d) => [d.date, d.critical, d.minor])).toEqual([
      ["2021-12-04", 1, 0],
      ["2021-12-28", 0, 1],
    ]);
    expect(r.alerts.url.notified.map((n) => [n.no, n.srcIp, n.dstIp, n.category, n.urlDefanged, n.analysis, n.count])).toEqual([
      [1, "192.0.2.25", "198.51.100.13", "malware", "example1[.]jp/", "DNS ポイズニングを行うサイト", 1],
      [2, "192.0.2.30", "203.0.113.210", "malware", "example3[.]co[.]jp/", "マルウェア感染を引き起こすサイト", 2],
    ]);
    expect(r.alerts.firewall.notified[0]).toMatchObject({ detectedAt: "2021-12-04 09:43:00", srcIp: "203.0.113.197", dstIp: "192.0.2.214", notificationNumber: fw.number });
    expect(r.alerts.wildfire.notified[0]).toMatchObject({ eventName: "Email Link(52143)", detectedAt: "2021-12-13 15:32:20" });
    expect(r.notificationHistory.map((n) => [n.sentAt, n.functionLabel, n.eventName, n.count])).toEqual([
      ["2021-12-04 10:00", "ファイアウォールポリシー", "Access from Malicious IP High", 1],
      ["2021-12-04 10:10", "URL フィルタリング", "URL-Paloalto-Malicious Category", 1],
      ["2021-12-13 16:00", "WildFire", "Email Link(52143)", 1],
      ["2021-12-28 11:00", "URL フィルタリング", "URL-Paloalto-Malicious Category", 2],
    ]);
    expect(r.notificationHistory[0]!.number).toMatch(new RegExp(`^TR\\d{4}-${t.code}-\\d{5}$`));
    expect(r.inquiryCounts).toEqual({ total: 2, done: 1, open: 1 });
    expect(r.inquiryHistory.map((i) => [i.askedAt, i.question, i.answer, i.statusLabel])).toEqual([
      ["2021-12-06 09:49", "サイトの悪性情報", "DNS ポイズニング等の悪性情報が報告されているサイト。", "対応済み"],
      ["2021-12-20 09:00", "?", "", "未対応・対応中"],
    ]);
    expect(r.workCounts).toEqual({ total: 1, done: 1, open: 0 });
    expect(r.workHistory).toEqual([{ date: "2021-12-10", content: "監視機器に特定のサイト(2件)への通信を遮断する設定を追加", status: "done", statusLabel: "対応済み" }]);
    expect(r.availability).toMatchObject({ availability: 100, downtimeHours: 0, note: "障害は発生していません" });
    // Another customer's report carries none of it.
    const other = await buildReportData(await socTenant(), "2021-12");
    expect(other.alertLevels.find((l) => l.level === "total")).toMatchObject({ previous: 0, current: 0 });
    expect([other.notificationHistory, other.inquiryHistory, other.workHistory]).toEqual([[], [], []]);
  });
});
