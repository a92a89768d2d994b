import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { threatLine, trafficLine } from "@/lib/ingest/test-lines";
import { createThreatList, importThreatList } from "@/lib/intel/lists";
import { uniq } from "@/lib/testing/helpers";
import { createRule, updateRule } from "./rules";
import { triageAlert } from "./alerts";
import { alertsOf, ingest, logFile, socTenant } from "./test-helpers";

// Alert rules evaluated as lines are ingested: default rules, grouping, threat-intel lists,
// exactly-once with the batch transaction (kill and resume).

describe("alert rules on ingest", () => {
  it("raises alerts from the default rules, with levels by action, event names and the events behind them", async () => {
    const t = await socTenant();
    const s = t.serial;
    const summary = await ingest(t, [
      trafficLine({ time: "2021/12/04 09:00:00", serial: s }), // nothing
      threatLine({ time: "2021/12/04 09:43:05", serial: s, subtype: "url", src: "192.0.2.25", dst: "198.51.100.13", url: "example1.jp/index.html", category: "malware", action: "alert" }),
      threatLine({ time: "2021/12/05 10:00:00", serial: s, subtype: "url", src: "192.0.2.26", dst: "198.51.100.14", url: "bad.example/x", category: "phishing", action: "block-url" }),
      threatLine({ time: "2021/12/05 10:00:01", serial: s, subtype: "url", src: "192.0.2.26", dst: "198.51.100.15", url: "news.example/", category: "news", action: "alert" }), // nothing
      threatLine({ time: "2021/12/13 15:32:20", serial: s, subtype: "wildfire", src: "203.0.113.167", dst: "192.0.2.38", threat: "Email Link(52143)", category: "phishing", severity: "high", action: "allow" }),
      threatLine({ time: "2021/12/13 15:40:00", serial: s, subtype: "wildfire", src: "203.0.113.167", dst: "192.0.2.39", threat: "Email Link(52143)", category: "benign", severity: "informational", action: "allow" }), // benign: nothing
      threatLine({ time: "2021/12/11 08:00:00", serial: s, subtype: "spyware", src: "192.0.2.33", dst: "198.51.100.53", threat: "Suspicious DNS Query (generic:omnator.com)(421897263)", severity: "medium", action: "alert" }),
      threatLine({ time: "2021/12/17 08:00:00", serial: s, subtype: "vulnerability", src: "198.51.100.77", dst: "192.0.2.109", threat: "Apache Tomcat Remote Code Execution Via JSP Upload Vulnerability(38761)", severity: "high", action: "reset-both" }),
      threatLine({ time: "2021/12/17 09:00:00", serial: s, subtype: "vulnerability", src: "198.51.100.78", dst: "192.0.2.110", threat: "HTTP OPTIONS Method(30520)", severity: "informational", action: "alert" }), // nothing
    ]);
    expect(summary.accepted).toBe(9);
    const alerts = await alertsOf(t.customerId);
    expect(alerts.map((a) => [a.fn, a.ruleName, a.level, a.eventName, a.srcIp, a.dstIp, a.count, a.status])).toEqual([
      ["url", "URL-Paloalto-Malicious Category", "critical", "URL-Paloalto-Malicious Category", "192.0.2.25", "198.51.100.13", 1, "new"],
      ["url", "URL-Paloalto-Malicious Category", "minor", "URL-Paloalto-Malicious Category", "192.0.2.26", "198.51.100.14", 1, "new"],
      ["spyware", "Threat Severity Medium", "minor", "Suspicious DNS Query (generic:omnator.com)(421897263)", "192.0.2.33", "198.51.100.53", 1, "new"],
      ["wildfire", "WildFire Malicious Verdict", "critical", "Email Link(52143)", "203.0.113.167", "192.0.2.38", 1, "new"],
      ["vulnerability", "Threat Severity High", "minor", "Apache Tomcat Remote Code Execution Via JSP Upload Vulnerability(38761)", "198.51.100.77", "192.0.2.109", 1, "new"],
    ]);
    const first = alerts[0]!;
    expect(first.firstAt.toISOString()).toBe("2021-12-04T00:43:05.000Z");
    expect(first).toMatchObject({ url: "example1.jp/index.html", category: "malware", action: "alert", allowed: true, direction: "outbound" });
    expect(first.events).toHaveLength(1);
    expect(first.events[0]).toMatchObject({ lineNo: 2n, srcIp: "192.0.2.25", dstIp: "198.51.100.13", url: "example1.jp/index.html" });
    expect(alerts[4]).toMatchObject({ allowed: false, threatId: 38761n, severity: "high" });
  });

  it("groups repeated matches of one rule for the same source and destination within the window, weighted by repeat count", async () => {
    const t = await socTenant();
    const s = t.serial;
    const url = (time: string, dst: string, repeat = 1, action = "block-url") =>
      threatLine({ time, serial: s, subtype: "url", src: "192.0.2.30", dst, url: "evil.example/", category: "malware", action, repeat });
    await ingest(t, [
      url("2021/12/28 10:00:00", "203.0.113.210"),
      url("2021/12/28 10:20:00", "203.0.113.210", 3),
      url("2021/12/28 10:30:00", "203.0.113.211"), // other destination: its own alert
      url("2021/12/28 10:59:59", "203.0.113.210", 1, "alert"), // still in the hour; passed: the group becomes critical
      url("2021/12/28 11:00:00", "203.0.113.210"), // the window (60 min from the first match) is over: a new alert
    ]);
    const alerts = await alertsOf(t.customerId);
    expect(alerts.map((a) => [a.dstIp, a.count, a.level, a.allowed, a.firstAt.toISOString(), a.lastAt.toISOString(), a.events.length])).toEqual([
      ["203.0.113.210", 5, "critical", true, "2021-12-28T01:00:00.000Z", "2021-12-28T01:59:59.000Z", 3],
      ["203.0.113.211", 1, "minor", false, "2021-12-28T01:30:00.000Z", "2021-12-28T01:30:00.000Z", 1],
      ["203.0.113.210", 1, "minor", false, "2021-12-28T02:00:00.000Z", "2021-12-28T02:00:00.000Z", 1],
    ]);
  });

  it("matches threat-intel lists (addresses, networks, domains; expiry at the event's time) and customer rules first by priority", async () => {
    const t = await socTenant();
    const s = t.serial;
    const ips = await createThreatList({ name: uniq("bad-ips"), kind: "ip", source: "test-feed", customerSlug: t.slug }, CLI_ACTOR);
    const csv = ["indicator,source,expires", "203.0.113.197,abuse-feed,2022-01-31", "198.51.100.0/24,,", "203.0.113[.]50,old-feed,2021-11-30", "not-an-ip,,"].join("\n");
    const imported = await importThreatList(ips.id, { text: csv }, CLI_ACTOR);
    expect(imported).toMatchObject({ parsed: 3, added: 3, updated: 0, removed: 0 });
    expect(imported.rejected.map((r) => r.line)).toEqual([5]);
    const domains = await createThreatList({ name: uniq("bad-domains"), kind: "domain", customerSlug: t.slug }, CLI_ACTOR);
    await importThreatList(domains.id, { text: "# C2\nhxxp://omnator[.]com/gate\n" }, CLI_ACTOR);
    await createRule({ name: "Access from Test IP", level: "minor", priority: 1, customerSlug: t.slug, functions: "firewall", listId: ips.id, listField: "src" }, CLI_ACTOR);
    await createRule({ name: "Test C2 domain", level: "fatal", priority: 1, customerSlug: t.slug, functions: "spyware, url", listId: domains.id, listField: "domain" }, CLI_ACTOR);
    // Another customer's rules never apply here.
    const other = await socTenant();
    await createRule({ name: "Other customer's everything", level: "fatal", priority: 0, customerSlug: other.slug }, CLI_ACTOR);

    await ingest(t, [
      trafficLine({ time: "2021/12/04 09:43:00", serial: s, src: "203.0.113.197", dst: "192.0.2.214", dport: 22, action: "deny", subtype: "deny" }),
      trafficLine({ time: "2021/12/04 09:44:00", serial: s, src: "203.0.113.197", dst: "192.0.2.214", subtype: "start" }), // not a session
      trafficLine({ time: "2021/12/04 10:00:00", serial: s, src: "198.51.100.99", dst: "192.0.2.215", dport: 80 }), // in the /24
      trafficLine({ time: "2021/12/04 11:00:00", serial: s, src: "203.0.113.50", dst: "192.0.2.216", dport: 80 }), // expired on 2021-11-30
      threatLine({ time: "2021/12/05 08:00:00", serial: s, subtype: "spyware", src: "192.0.2.33", dst: "198.51.100.53", url: "www.omnator.com", threat: "Suspicious DNS Query (generic:omnator.com)(421897263)", severity: "low", action: "sinkhole" }),
      threatLine({ time: "2021/12/05 08:00:01", serial: s, subtype: "spyware", src: "192.0.2.33", dst: "198.51.100.54", url: "omnator.com.example.net", threat: "x(1)", severity: "low" }), // not a subdomain
    ]);
    const alerts = await alertsOf(t.customerId);
    expect(alerts.map((a) => [a.ruleName, a.level, a.srcIp, a.dstIp])).toEqual([
      ["Access from Test IP", "minor", "203.0.113.197", "192.0.2.214"],
      ["Access from Test IP", "minor", "198.51.100.99", "192.0.2.215"],
      ["Test C2 domain", "fatal", "192.0.2.33", "198.51.100.53"],
    ]);
  });

  it("writes alerts exactly once with the batch: killed and resumed, the alerts are those of one clean run", async () => {
    const lines = (serial: string) =>
      Array.from({ length: 40 }, (_, i) =>
        i % 4 === 0
          ? threatLine({ time: `2021/12/10 10:${String(i).padStart(2, "0")}:00`, serial, subtype: "url", src: `192.0.2.${40 + ((i / 4) % 3)}`, dst: "198.51.100.13", url: "m.example/", category: "malware" })
          : trafficLine({ time: `2021/12/10 10:${String(i).padStart(2, "0")}:00`, serial }),
      );
    const clean = await socTenant();
    await ingest(clean, lines(clean.serial), { batchLines: 7 });
    const killed = await socTenant();
    const file = lines(killed.serial);
    const path = logFile(file);
    const { ingestFiles } = await import("@/lib/ingest/ingest");
    await expect(
      ingestFiles(killed, [path], {
        batchLines: 7,
        afterBatch: (n) => {
          if (n >= 21) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    const partial = await alertsOf(killed.customerId);
    expect(partial.length).toBeGreaterThan(0);
    await ingestFiles(killed, [path], { batchLines: 7 });
    const view = (a: Awaited<ReturnType<typeof alertsOf>>) => a.map((x) => [x.ruleName, x.srcIp, x.dstIp, x.count, x.firstAt.toISOString(), x.lastAt.toISOString(), x.events.map((e) => Number(e.lineNo))]);
    const expected = view(await alertsOf(clean.customerId));
    expect(expected.map((a) => a[3])).toEqual([4, 3, 3]); // groups span batches of 7 lines
    expect(view(await alertsOf(killed.customerId))).toEqual(expected);
  });

  it("does not count into an alert an analyst has closed or notified: the next match starts a new alert", async () => {
    const t = await socTenant();
    const hit = (time: string) => threatLine({ time, serial: t.serial, subtype: "url", src: "192.0.2.60", dst: "198.51.100.60", url: "m.example/", category: "malware" });
    await ingest(t, [hit("2021/12/10 10:00:00"), hit("2021/12/10 10:01:00")]);
    const [first] = await alertsOf(t.customerId);
    expect(first!.count).toBe(2);
    await ingest(t, [hit("2021/12/10 10:02:00")]);
    expect((await alertsOf(t.customerId)).map((a) => a.count)).toEqual([3]);
    await triageAlert(t, first!.id, { status: "closed", level: "critical", closeReason: "false_positive" }, CLI_ACTOR);
    await ingest(t, [hit("2021/12/10 10:03:00"), hit("2021/12/10 10:04:00")]);
    const after = await alertsOf(t.customerId);
    expect(after.map((a) => [a.status, a.count, a.events.length])).toEqual([
      ["closed", 3, 3],
      ["new", 2, 2],
    ]);
  });

  it("an alert closed while its ingest is still running takes no more counts: the rest of the file starts a new alert", async () => {
    const t = await socTenant();
    const hit = (m: number) => threatLine({ time: `2021/12/10 10:0${m}:00`, serial: t.serial, subtype: "url", src: "192.0.2.61", dst: "198.51.100.61", url: "m.example/", category: "malware" });
    await ingest(t, [hit(0), hit(1), hit(2), hit(3), hit(4), hit(5)], {
      batchLines: 3,
      afterBatch: async (n) => {
        if (n !== 3) return;
        const [a] = await alertsOf(t.customerId);
        await triageAlert(t, a!.id, { status: "closed", level: "critical", closeReason: "no_impact" }, CLI_ACTOR);
      },
    });
    const after = await alertsOf(t.customerId);
    expect(after.map((a) => [a.status, a.count, a.events.map((e) => Number(e.lineNo))])).toEqual([
      ["closed", 3, [1, 2, 3]],
      ["new", 3, [4, 5, 6]],
    ]);
  });

  it("a disabled rule raises nothing; an edited rule applies from the next ingest", async () => {
    const t = await socTenant();
    const rule = await createRule({ name: "Test SSH", level: "warning", priority: 1, customerSlug: t.slug, functions: ["firewall"], threatIds: [], directions: "inbound" }, CLI_ACTOR);
    const ssh = (time: string) => trafficLine({ time, serial: t.serial, src: "198.51.100.1", dst: "192.0.2.5", dport: 22 });
    await ingest(t, [ssh("2021/12/01 00:00:00")]);
    expect((await alertsOf(t.customerId)).map((a) => a.ruleName)).toEqual(["Test SSH"]);
    await updateRule(rule.id, { name: "Test SSH", level: "warning", priority: 1, customerSlug: t.slug, functions: ["firewall"], enabled: false }, CLI_ACTOR);
    await ingest(t, [ssh("2021/12/02 00:00:00")]);
    expect(await prisma.alert.count({ where: { customerId: t.customerId } })).toBe(1);
    const audit = await prisma.auditLog.findMany({ where: { entityId: rule.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["rule.create", "rule.update"]);
    expect((audit[1]!.after as { enabled: boolean }).enabled).toBe(false);
  });
});

describe("alerts under kill -9", () => {
  it("a killed ingest, run again, leaves the alerts of one clean run (no lost or double counts)", async () => {
    const lines = (serial: string) =>
      Array.from({ length: 6000 }, (_, i) => {
        const time = `2021/12/${String(1 + Math.floor(i / 1000)).padStart(2, "0")} ${String(Math.floor(i / 60) % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00`;
        return i % 5 === 0
          ? threatLine({ time, serial, subtype: "url", src: `192.0.2.${i % 7}`, dst: "198.51.100.13", url: "m.example/", category: i % 3 ? "malware" : "news", repeat: 1 + (i % 2) })
          : trafficLine({ time, serial, src: `192.0.2.${i % 50}` });
      });
    const clean = await socTenant();
    const killed = await socTenant();
    await ingest(clean, lines(clean.serial), { batchLines: 200 });
    const file = logFile(lines(killed.serial));
    const run = () => spawn(process.execPath, ["bin/soc.mjs", "ingest", "--customer", killed.slug, "--batch", "200", file], { env: process.env, stdio: "ignore" });
    let last = -1;
    for (let round = 0; round < 2; round++) {
      const child = run();
      let gone = false;
      const exited = new Promise((r) => child.on("exit", (code) => ((gone = true), r(code))));
      for (;;) {
        if (gone) throw new Error("the ingest ended before it could be killed");
        const f = await prisma.ingestFile.findFirst({ where: { customerId: killed.customerId } });
        if (f?.status === "done" || Number(f?.linesCommitted ?? 0) > last) {
          last = Number(f?.linesCommitted ?? 0);
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      child.kill("SIGKILL");
      await exited;
    }
    const mid = await prisma.ingestFile.findFirstOrThrow({ where: { customerId: killed.customerId } });
    expect(mid.status, "the kills landed before the end of the file").toBe("running");
    const finish = run();
    expect(await new Promise((r) => finish.on("exit", r))).toBe(0);
    const view = async (customerId: string) =>
      (await alertsOf(customerId)).map((a) => [a.srcIp, a.count, a.level, a.firstAt.toISOString(), a.lastAt.toISOString(), a.events.length]);
    const expected = await view(clean.customerId);
    expect(expected.length).toBeGreaterThan(50);
    expect(await view(killed.customerId)).toEqual(expected);
  }, 180_000);
});
