import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { ingestFiles } from "@/lib/ingest/ingest";
import { threatLine, trafficLine } from "@/lib/ingest/test-lines";
import { uniq } from "@/lib/testing/helpers";
import { buildReportData } from "./report-data";

describe("report data", () => {
  it("gives the summary, daily tables, top tables and top events of a month, against the previous month", async () => {
    const slug = uniq("rep");
    const c = await createCustomer({ slug, name: "株式会社レポート", internalNetworks: "192.0.2.0/24" }, CLI_ACTOR);
    const serial = uniq("SN").toUpperCase().replace(/-/g, "");
    await createDevice({ customerSlug: slug, hostname: "sample-utm", serial, model: "PA-3220", ip: "192.0.2.13" }, CLI_ACTOR);
    const lines: string[] = [];
    // November: 4 firewall sessions, 1 blocked.
    for (let i = 0; i < 3; i++) lines.push(trafficLine({ time: "2021/11/15 10:00:00", serial, src: "192.0.2.214", dst: "8.8.8.8" }));
    lines.push(trafficLine({ time: "2021/11/15 10:00:00", serial, src: "192.0.2.95", action: "deny" }));
    // December: 8 allowed + 4 blocked firewall sessions (one line with repeat 2), 2 url, threats.
    for (let i = 0; i < 6; i++) lines.push(trafficLine({ time: "2021/12/01 09:00:00", serial, src: "192.0.2.214", dst: "8.8.8.8", dport: 443 }));
    lines.push(trafficLine({ time: "2021/12/04 09:43:00", serial, src: "192.0.2.214", dst: "1.1.1.1", dport: 53, proto: "udp", repeat: 2 }));
    lines.push(trafficLine({ time: "2021/12/05 00:00:00", serial, src: "192.0.2.95", dst: "1.1.1.1", dport: 53, proto: "udp", action: "deny", subtype: "deny", repeat: 2 }));
    lines.push(trafficLine({ time: "2021/12/31 23:59:59", serial, src: "192.0.2.95", dst: "9.9.9.9", dport: 80, action: "drop", subtype: "drop", repeat: 2 }));
    lines.push(trafficLine({ time: "2021/12/31 23:59:59", serial, subtype: "start" }));
    lines.push(threatLine({ time: "2021/12/02 10:00:00", serial, subtype: "url", category: "web-based-email" }));
    lines.push(threatLine({ time: "2021/12/02 10:00:00", serial, subtype: "url", category: "computer-and-internet-info", repeat: 2 }));
    for (const dst of ["192.0.2.18", "192.0.2.18", "192.0.2.38"]) lines.push(threatLine({ time: "2021/12/13 15:32:20", serial, subtype: "wildfire", threat: "Email Link(52143)", severity: "high", src: "203.0.113.167", dst, category: "phishing" }));
    lines.push(threatLine({ time: "2021/12/17 10:00:00", serial, subtype: "vulnerability", threat: "Apache Tomcat Remote Code Execution Via JSP Upload Vulnerability(38761)", severity: "medium", src: "133.11.0.1", dst: "192.0.2.109" }));
    lines.push(threatLine({ time: "2021/12/17 10:00:00", serial, subtype: "vulnerability", threat: "Low Thing(11111)", severity: "low" }));
    const dir = mkdtempSync(path.join(tmpdir(), "mamori-report-"));
    const file = path.join(dir, "logs.log");
    writeFileSync(file, lines.join("\n"));
    await ingestFiles({ customerId: c.id }, [file]);

    const r = await buildReportData({ customerId: c.id }, "2021-12");
    expect(r.month).toBe("2021-12");
    expect(r.timezone).toBe("Asia/Tokyo");
    expect(r.period).toEqual({ from: "2021-12-01 00:00", to: "2021-12-31 23:59" });
    expect(r.devices).toEqual([{ vendor: "PaloAltoNetworks", model: "PA-3220", function: "UTM", hostname: "sample-utm", ip: "192.0.2.13", serial }]);

    const fw = r.functions.firewall;
    expect(fw.daily).toHaveLength(31);
    expect(fw.daily[0]).toEqual({ date: "2021-12-01", allow: 6, deny: 0, total: 6 });
    expect(fw.daily[3]).toEqual({ date: "2021-12-04", allow: 2, deny: 0, total: 2 });
    expect(fw.daily[4]).toEqual({ date: "2021-12-05", allow: 0, deny: 2, total: 2 });
    expect(fw.daily[30]).toEqual({ date: "2021-12-31", allow: 0, deny: 2, total: 2 });
    expect(fw.totals).toEqual({ allow: 8, deny: 4, total: 12 });
    expect(fw.previousTotals).toEqual({ allow: 3, deny: 1, total: 4 });
    expect(r.functions.url.totals).toEqual({ allow: 3, deny: 0, total: 3 });
    expect(r.functions.wildfire.totals.total).toBe(3);
    expect(r.functions.vulnerability.totals.total).toBe(2);

    // 12 + 3 + 3 + 2 = 20 logs, 4 blocked; previous 4 logs, 1 blocked.
    expect(r.summary.current).toEqual({ totalLogs: 20, blockedLogs: 4, blockedRatio: 20 });
    expect(r.summary.previous).toEqual({ totalLogs: 4, blockedLogs: 1, blockedRatio: 25 });
    expect(r.summary.totalLogsRatio).toBe(500);
    expect(r.summary.blockedLogsRatio).toBe(400);
    expect(r.summary.blockedRatioPt).toBe(-5);

    expect(fw.topSources).toEqual([
      { ip: "192.0.2.214", country: null, org: null, previous: 3, current: 8 },
      { ip: "192.0.2.95", country: null, org: null, previous: 1, current: 4 },
    ]);
    expect(fw.topDestinations.map((d) => [d.ip, d.country, d.previous, d.current])).toEqual([
      ["8.8.8.8", "US", 4, 6],
      ["1.1.1.1", expect.any(String), null, 4],
      ["9.9.9.9", expect.any(String), null, 2],
    ]);
    expect(fw.topPorts).toEqual([
      { port: 443, protocol: "TCP", count: 6 },
      { port: 53, protocol: "UDP", count: 4 },
      { port: 80, protocol: "TCP", count: 2 },
    ]);
    expect(r.functions.url.topCategories).toEqual([
      { category: "computer-and-internet-info", count: 2 },
      { category: "web-based-email", count: 1 },
    ]);
    expect(r.topEvents.map((e) => [e.name, e.function, e.severity, e.count])).toEqual([
      ["Email Link(52143)", "wildfire", "high", 3],
      ["Apache Tomcat Remote Code Execution Via JSP Upload Vulnerability(38761)", "vulnerability", "medium", 1],
    ]);
    expect(r.topEvents[0]!.destinations.map((d) => [d.ip, d.count])).toEqual([["192.0.2.18", 2], ["192.0.2.38", 1]]);
    expect(r.topEvents[0]!.sources.map((d) => [d.ip, d.count, d.org])).toEqual([["203.0.113.167", 3, "(documentation)"]]);
    expect(r.topEvents[1]!.sources[0]).toMatchObject({ ip: "133.11.0.1", country: "JP" });
  });
});
