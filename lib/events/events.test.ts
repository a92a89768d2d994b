import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { ingestFiles } from "@/lib/ingest/ingest";
import { threatLine, trafficLine } from "@/lib/ingest/test-lines";
import { uniq } from "@/lib/testing/helpers";
import { eventFilterSchema, exportEventsCsv, getEvent, searchEvents, type EventScope } from "./index";

const dir = mkdtempSync(path.join(tmpdir(), "mamori-events-"));

async function tenant(lines: (serial: string) => string[]) {
  const slug = uniq("ev");
  const c = await createCustomer({ slug, name: "検索テスト", internalNetworks: "192.0.2.0/24" }, CLI_ACTOR);
  const serial = uniq("SN").toUpperCase().replace(/-/g, "");
  await createDevice({ customerSlug: slug, hostname: "fw", serial, model: "PA-220", ip: "192.0.2.1" }, CLI_ACTOR);
  const file = path.join(dir, `${slug}.log`);
  writeFileSync(file, lines(serial).join("\n"));
  await ingestFiles({ customerId: c.id }, [file], { batchLines: 40 });
  return { scope: { customerId: c.id, timezone: "Asia/Tokyo" } as EventScope, serial, file };
}

const f = (q: Record<string, string>) => eventFilterSchema.parse(q);

let a: Awaited<ReturnType<typeof tenant>>;
let b: Awaited<ReturnType<typeof tenant>>;

beforeAll(async () => {
  a = await tenant((serial) => {
    const out: string[] = [];
    for (let i = 0; i < 120; i++) {
      const t = `2021/12/${String(1 + (i % 28)).padStart(2, "0")} 10:${String(i % 60).padStart(2, "0")}:00`;
      out.push(trafficLine({ time: t, serial, src: `192.0.2.${10 + (i % 5)}`, dst: i % 2 ? "8.8.8.8" : "1.1.1.1", dport: i % 3 ? 443 : 53, action: i % 4 ? "allow" : "deny" }));
    }
    out.push(threatLine({ time: "2021/12/13 15:32:20", serial, subtype: "wildfire", threat: "Email Link(52143)", severity: "high", src: "203.0.113.167", dst: "192.0.2.38" }));
    out.push(threatLine({ time: "2021/12/06 06:06:06", serial, subtype: "url", url: "example4.jp/path?a=1", category: "proxy-avoidance-and-anonymizers" }));
    return out;
  });
  b = await tenant((serial) => [trafficLine({ time: "2021/12/02 10:00:00", serial, src: "192.0.2.10", dst: "8.8.8.8" })]);
});

describe("event explorer", () => {
  it("filters by address or CIDR, port, blocked, threat, URL and category within the month", async () => {
    expect((await searchEvents(a.scope, f({ src: "192.0.2.10" }))).rows).toHaveLength(24);
    expect((await searchEvents(a.scope, f({ src: "192.0.2.8/29" }))).rows.length).toBe(50); // .10–.14: page of 50 of 120
    expect((await searchEvents(a.scope, f({ dst: "8.8.8.8", port: "53" }))).rows.every((r) => r.dstIp === "8.8.8.8" && r.dstPort === 53)).toBe(true);
    const blocked = await searchEvents(a.scope, f({ blocked: "yes", fn: "firewall" }));
    expect(blocked.rows).toHaveLength(30);
    expect(blocked.rows.every((r) => !r.allowed)).toBe(true);
    const wf = await searchEvents(a.scope, f({ threat: "52143" }));
    expect(wf.rows.map((r) => [r.time, r.threatName, r.severity, r.srcIp])).toEqual([["2021-12-13 15:32:20", "Email Link", "high", "203.0.113.167"]]);
    expect((await searchEvents(a.scope, f({ threat: "email li" }))).rows).toHaveLength(1);
    expect((await searchEvents(a.scope, f({ url: "EXAMPLE4" }))).rows.map((r) => r.category)).toEqual(["proxy-avoidance-and-anonymizers"]);
    expect((await searchEvents(a.scope, f({ url: "%" }))).rows).toHaveLength(0); // LIKE wildcards are literal
    expect((await searchEvents(a.scope, f({ from: "2021-11-01", to: "2021-12-01" }))).rows).toHaveLength(0);
  });

  it("pages with a cursor that stays stable while new events arrive", async () => {
    const first = await searchEvents(a.scope, f({ fn: "firewall" }));
    expect(first.rows).toHaveLength(50);
    expect(first.next).toBeTruthy();
    // New events newer than everything: a keyset page after the cursor does not shift.
    const extra = path.join(dir, "extra.log");
    writeFileSync(extra, [trafficLine({ time: "2021/12/31 23:00:00", serial: a.serial }), trafficLine({ time: "2021/12/31 23:00:01", serial: a.serial })].join("\n"));
    await ingestFiles(a.scope, [extra]);
    const second = await searchEvents(a.scope, f({ fn: "firewall", cursor: first.next! }));
    const third = await searchEvents(a.scope, f({ fn: "firewall", cursor: second.next! }));
    const all = [...first.rows, ...second.rows, ...third.rows].map((r) => r.id);
    expect(new Set(all).size).toBe(120);
    expect(third.next).toBeNull();
    const times = [...first.rows, ...second.rows, ...third.rows].map((r) => r.time);
    expect([...times].sort().reverse()).toEqual(times);
    // Oldest first, the same rows in the opposite order.
    const asc: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await searchEvents(a.scope, f({ fn: "firewall", order: "asc", ...(cursor ? { cursor } : {}) }));
      asc.push(...p.rows.map((r) => r.id));
      cursor = p.next ?? undefined;
    } while (cursor);
    expect(asc).toHaveLength(122);
    expect(new Set(asc)).toEqual(new Set([...all, ...(await searchEvents(a.scope, f({ fn: "firewall" }))).rows.slice(0, 2).map((r) => r.id)]));
  });

  it("pages a lookup of one address through its widening time windows, in both orders, every match once", async () => {
    // 130 events of one source spread over the month (some hours apart, some days), among others.
    const c = await tenant((serial) => {
      const out: string[] = [];
      for (let i = 0; i < 390; i++) {
        const day = 1 + Math.floor(i / 13);
        const t = `2021/12/${String(day).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00`;
        out.push(trafficLine({ time: t, serial, src: i % 3 === 0 ? "192.0.2.77" : `192.0.2.${100 + (i % 50)}`, dst: "8.8.8.8" }));
      }
      return out;
    });
    const collect = async (order: "asc" | "desc") => {
      const rows: { id: string; time: string }[] = [];
      let cursor: string | undefined;
      do {
        const p = await searchEvents(c.scope, f({ src: "192.0.2.77", order, ...(cursor ? { cursor } : {}) }));
        expect(p.rows.every((r) => r.srcIp === "192.0.2.77")).toBe(true);
        rows.push(...p.rows.map((r) => ({ id: r.id, time: r.time })));
        cursor = p.next ?? undefined;
      } while (cursor);
      return rows;
    };
    const desc = await collect("desc");
    expect(desc).toHaveLength(130);
    expect(new Set(desc.map((r) => r.id)).size).toBe(130);
    expect(desc.map((r) => r.time)).toEqual(desc.map((r) => r.time).sort().reverse());
    const asc = await collect("asc");
    expect(asc.map((r) => r.id)).toEqual([...desc].reverse().map((r) => r.id));
  });

  it("exports CSV of every match and shows one event with its raw line", async () => {
    const stream = exportEventsCsv(a.scope, f({ src: "192.0.2.11" }));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM for spreadsheet tools
    const lines = new TextDecoder().decode(bytes).trim().split("\r\n");
    expect(lines[0]).toMatch(/^time,function,/);
    expect(lines).toHaveLength(1 + 24);
    const wf = (await searchEvents(a.scope, f({ threat: "52143" }))).rows[0]!;
    const ev = await getEvent(a.scope, wf.id);
    expect(ev?.record.threat_name).toBe("Email Link");
    expect(ev?.raw).toContain("Email Link(52143)");
  });

  it("never shows another customer's events", async () => {
    expect((await searchEvents(b.scope, f({}))).rows).toHaveLength(1);
    expect((await searchEvents(b.scope, f({ threat: "52143" }))).rows).toHaveLength(0);
    const wf = (await searchEvents(a.scope, f({ threat: "52143" }))).rows[0]!;
    expect(await getEvent(b.scope, wf.id)).toBeNull();
    const csv = await new Response(exportEventsCsv(b.scope, f({}))).text();
    expect(csv.trim().split("\r\n")).toHaveLength(2);
  });

  it("rejects malformed filters with a code per field", () => {
    const r = eventFilterSchema.safeParse({ src: "not-an-ip", port: "70000", from: "yesterday" });
    expect(r.success).toBe(false);
  });
});
