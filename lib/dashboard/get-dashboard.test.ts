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
import { getDashboard } from "./get-dashboard";

describe("dashboard", () => {
  it("compares month to date with the same days of the previous month, and flags silent firewalls", async () => {
    const slug = uniq("dash");
    const c = await createCustomer({ slug, name: "ダッシュボード", internalNetworks: "192.0.2.0/24" }, CLI_ACTOR);
    const serial = uniq("SN").toUpperCase().replace(/-/g, "");
    await createDevice({ customerSlug: slug, hostname: "fw-1", serial, model: "PA-3220", ip: "192.0.2.13" }, CLI_ACTOR);
    await createDevice({ customerSlug: slug, hostname: "fw-2", serial: `${serial}B`, model: "PA-220", ip: "192.0.2.14" }, CLI_ACTOR);
    const lines = [
      trafficLine({ time: "2021/11/03 10:00:00", serial }), // same days of November: counted
      trafficLine({ time: "2021/11/10 23:59:59", serial, action: "deny" }),
      trafficLine({ time: "2021/11/11 00:00:00", serial }), // after day 10: not compared
      trafficLine({ time: "2021/12/01 00:00:00", serial }),
      trafficLine({ time: "2021/12/05 10:00:00", serial, repeat: 3 }),
      trafficLine({ time: "2021/12/10 23:59:59", serial, action: "drop", subtype: "drop" }),
      trafficLine({ time: "2021/12/11 00:00:00", serial }), // after "today"
      threatLine({ time: "2021/12/02 10:00:00", serial, subtype: "url", category: "news" }),
    ];
    const file = path.join(mkdtempSync(path.join(tmpdir(), "mamori-dash-")), "l.log");
    writeFileSync(file, lines.join("\n"));
    await ingestFiles({ customerId: c.id }, [file]);
    const scope = { customerId: c.id, timezone: "Asia/Tokyo" };

    const d = await getDashboard(scope, { now: new Date("2021-12-10T12:00:00+09:00") });
    expect(d).toMatchObject({ month: "2021-12", asOf: "2021-12-10", days: 10 });
    const fw = d.functions.find((f) => f.fn === "firewall")!;
    expect(fw).toMatchObject({ total: 5, blocked: 1, blockedRatio: 20, previousTotal: 2, previousBlocked: 1, change: 250 });
    expect(d.functions.find((f) => f.fn === "url")).toMatchObject({ total: 1, previousTotal: 0, change: null });
    expect(d.total).toMatchObject({ total: 6, blocked: 1, previousTotal: 2 });
    expect(d.daily).toHaveLength(10);
    expect(d.daily[4]).toEqual({ date: "2021-12-05", allow: 3, deny: 0 });
    // fw-1 was just heard from; fw-2 never sent anything.
    expect(d.devices.map((x) => [x.hostname, x.silent])).toEqual([["fw-1", false], ["fw-2", true]]);
    expect(d.devices[0]!.lastEventAt?.toISOString()).toBe("2021-12-10T15:00:00.000Z");

    // Two hours later without logs, fw-1 is silent too.
    const later = await getDashboard(scope, { now: new Date(Date.now() + 2 * 3600_000) });
    expect(later.devices.every((x) => x.silent)).toBe(true);
    // Today has no logs this month (it is 2026): the dashboard shows the latest month with data.
    expect(later).toMatchObject({ month: "2021-12", asOf: "2021-12-11" });
  });
});
