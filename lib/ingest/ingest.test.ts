import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { uniq } from "@/lib/testing/helpers";
import { ingestFiles } from "./ingest";
import { systemLine, threatLine, trafficLine } from "./test-lines";

const dir = mkdtempSync(path.join(tmpdir(), "mamori-ingest-"));

async function tenant(opts: { customerTz?: string; deviceTz?: string } = {}) {
  const slug = uniq("ing");
  const c = await createCustomer({ slug, name: "取込テスト", timezone: opts.customerTz ?? "Asia/Tokyo", internalNetworks: "192.0.2.0/24" }, CLI_ACTOR);
  const serial = uniq("SN").toUpperCase().replace(/-/g, "");
  const d = await createDevice({ customerSlug: slug, hostname: "sample-utm", serial, model: "PA-3220", ip: "192.0.2.13", timezone: opts.deviceTz ?? "Asia/Tokyo" }, CLI_ACTOR);
  return { customerId: c.id, slug, serial, deviceId: d.id };
}

function write(name: string, lines: string[]): string {
  const file = path.join(dir, `${uniq(name)}.log`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** events has no Prisma model (see schema.prisma): read it with SQL, in camelCase. */
async function events(customerId: string) {
  return prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT time, file_id AS "fileId", line_no AS "lineNo", log_type AS "logType", subtype, fn, action, allowed, is_session AS "isSession",
           host(src_ip) AS "srcIp", host(dst_ip) AS "dstIp", dst_port AS "dstPort", protocol, direction, url, category,
           threat_id AS "threatId", threat_name AS "threatName", severity, src_country AS "srcCountry", dst_country AS "dstCountry",
           src_org AS "srcOrg", dst_org AS "dstOrg"
    FROM events WHERE customer_id = ${customerId}::uuid ORDER BY time, line_no`;
}

async function daily(customerId: string) {
  const rows = await prisma.rollupDaily.findMany({ where: { customerId }, orderBy: [{ day: "asc" }, { fn: "asc" }, { allowed: "desc" }] });
  return rows.map((r) => `${r.day.toISOString().slice(0, 10)} ${r.fn} ${r.allowed ? "allow" : "deny"} ${r.count}`);
}

async function monthly(customerId: string, dimension: string) {
  const rows = await prisma.rollupMonthly.findMany({ where: { customerId, dimension }, orderBy: [{ count: "desc" }, { key: "asc" }] });
  return rows.map((r) => `${r.month.toISOString().slice(0, 7)} ${r.key} ${r.count}`);
}

describe("ingest", () => {
  it("normalises, enriches and counts every kind of line, and keeps what it cannot use", async () => {
    const t = await tenant();
    const lines = [
      trafficLine({ time: "2021/12/01 10:00:00", serial: t.serial, src: "192.0.2.10", dst: "8.8.8.8", dport: 443 }),
      trafficLine({ time: "2021/12/01 10:00:01", serial: t.serial, src: "192.0.2.10", dst: "8.8.8.8", dport: 443, repeat: 3 }),
      trafficLine({ time: "2021/12/01 10:00:02", serial: t.serial, src: "192.0.2.11", dst: "1.1.1.1", dport: 53, proto: "udp", action: "deny", subtype: "deny" }),
      trafficLine({ time: "2021/12/01 10:00:03", serial: t.serial, subtype: "start" }), // not a session
      trafficLine({ time: "2021/12/01 10:00:04", serial: t.serial, src: "203.0.113.5", dst: "192.0.2.30", dport: 123, proto: "udp", action: "reset-both" }),
      threatLine({ time: "2021/12/01 11:00:00", serial: t.serial, subtype: "url", url: 'www.example.com/a,b?q="x"', category: "web-based-email" }),
      threatLine({ time: "2021/12/01 11:00:01", serial: t.serial, subtype: "spyware", threat: "Suspicious DNS Query (generic:omnator.com)(421897263)", severity: "medium", action: "sinkhole" }),
      threatLine({ time: "2021/12/01 11:00:02", serial: t.serial, subtype: "wildfire", threat: "Email Link(52143)", severity: "high", category: "phishing" }),
      systemLine("2021/12/01 12:00:00", t.serial),
      "this is not a PAN-OS line",
      trafficLine({ time: "2021/12/01 12:00:01", serial: "NOSUCHSERIAL", dport: 443 }),
      "",
      // Numbers too big for their columns: one such value would fail the whole batch's COPY.
      trafficLine({ time: "2021/12/01 12:00:02", serial: t.serial, repeat: 3_000_000_000 }),
      trafficLine({ time: "2021/12/01 12:00:03", serial: t.serial, dport: 2 ** 31 }),
      trafficLine({ time: "2021/12/01 12:00:04", serial: t.serial, src: "2001:DB8::5", dst: "::ffff:8.8.4.4", dport: 443, subtype: "start" }), // IPv6; not a session
    ];
    const file = write("basic", lines);
    const s = await ingestFiles(t, [file]);
    expect(s).toMatchObject({ files: 1, lines: 14, accepted: 10, rejected: 4, skipped: 0, other: 1 });

    const rows = await events(t.customerId);
    expect(rows).toHaveLength(9);
    expect(rows[8]).toMatchObject({ srcIp: "2001:db8::5", dstIp: "::ffff:8.8.4.4", dstPort: 443, lineNo: 15n });
    const first = rows[0]!;
    expect(first).toMatchObject({ logType: "TRAFFIC", subtype: "end", fn: "firewall", action: "allow", allowed: true, isSession: true, srcIp: "192.0.2.10", dstIp: "8.8.8.8", dstPort: 443, protocol: "tcp", direction: "outbound", dstCountry: "US" });
    expect((first.time as Date).toISOString()).toBe("2021-12-01T01:00:00.000Z"); // 10:00 in Asia/Tokyo
    expect(first.srcCountry).toBeNull(); // internal: not looked up
    expect(rows[4]).toMatchObject({ direction: "inbound", srcOrg: "(documentation)", allowed: false });
    expect(rows[5]).toMatchObject({ fn: "url", url: 'www.example.com/a,b?q="x"', category: "web-based-email" });
    expect(rows[6]).toMatchObject({ fn: "spyware", threatName: "Suspicious DNS Query (generic:omnator.com)", severity: "medium", allowed: false });
    expect(rows[6]!.threatId).toBe(421897263n);

    // The raw lines are kept (compressed) and give back every line by number.
    const { rawLine } = await import("./raw-lines");
    expect(await rawLine({ customerId: t.customerId }, rows[5]!.fileId as bigint, rows[5]!.lineNo as bigint)).toBe(lines[5]);
    expect(await rawLine({ customerId: "00000000-0000-0000-0000-000000000000" }, rows[5]!.fileId as bigint, rows[5]!.lineNo as bigint)).toBeNull();

    const rejects = await prisma.ingestReject.findMany({ where: { customerId: t.customerId }, orderBy: { lineNo: "asc" } });
    expect(rejects.map((r) => Number(r.lineNo))).toEqual([10, 11, 13, 14]);
    expect(rejects[0]!.excerpt).toBe("this is not a PAN-OS line");
    expect(rejects[1]!.reason).toMatch(/unknown serial NOSUCHSERIAL/);
    expect(rejects[2]!.reason).toBe('repeat count "3000000000" out of range');
    expect(rejects[3]!.reason).toBe('destination port "2147483648" out of range');
    const raw = await prisma.rawLog.findMany({ where: { customerId: t.customerId } });
    expect(raw.map((r) => [r.logType, Number(r.lineNo)])).toEqual([["SYSTEM", 9]]);

    expect(await daily(t.customerId)).toEqual([
      "2021-12-01 firewall allow 4",
      "2021-12-01 firewall deny 2",
      "2021-12-01 spyware deny 1",
      "2021-12-01 url allow 1",
      "2021-12-01 wildfire allow 1",
    ]);
    expect(await monthly(t.customerId, "fw.src")).toEqual(["2021-12 192.0.2.10 4", "2021-12 192.0.2.11 1", "2021-12 203.0.113.5 1"]);
    expect(await monthly(t.customerId, "fw.port")).toEqual(["2021-12 443/tcp 4", "2021-12 123/udp 1", "2021-12 53/udp 1"]);
    expect(await monthly(t.customerId, "url.category")).toEqual(["2021-12 web-based-email 1"]);
    expect(await monthly(t.customerId, "threat")).toEqual([
      "2021-12 spyware|421897263|medium|Suspicious DNS Query (generic:omnator.com) 1",
      "2021-12 wildfire|52143|high|Email Link 1",
    ]);
  });

  it("creates month partitions as they appear, also while batches are pipelined", async () => {
    const t = await tenant();
    const lines: string[] = [];
    for (let i = 0; i < 2100; i++) lines.push(trafficLine({ time: "2021/11/05 12:00:00", serial: t.serial }));
    for (const month of ["2021/12", "2022/01", "2022/02", "2022/03"]) {
      for (let i = 0; i < 7; i++) lines.push(trafficLine({ time: `${month}/${String(10 + i).padStart(2, "0")} 12:00:00`, serial: t.serial }));
    }
    // The first lines only tell about November (and December): later months are met mid-file,
    // with two batches in flight.
    const s = await ingestFiles(t, [write("months", lines)], { batchLines: 500 });
    expect(s).toMatchObject({ lines: 2128, accepted: 2128, rejected: 0 });
    const perMonth = await prisma.$queryRaw<{ m: string; n: bigint }[]>`
      SELECT to_char(time AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') AS m, count(*) AS n FROM events WHERE customer_id = ${t.customerId}::uuid GROUP BY 1 ORDER BY 1`;
    expect(perMonth.map((r) => [r.m, Number(r.n)])).toEqual([["2021-11", 2100], ["2021-12", 7], ["2022-01", 7], ["2022-02", 7], ["2022-03", 7]]);
  }, 30_000);

  it("skips content it has ingested before, plain or gzip", async () => {
    const t = await tenant();
    const lines = [trafficLine({ time: "2021/12/02 10:00:00", serial: t.serial }), trafficLine({ time: "2021/12/02 10:00:01", serial: t.serial })];
    const file = write("dup", lines);
    const gz = `${file}.gz`;
    writeFileSync(gz, gzipSync(lines.join("\n") + "\n"));
    expect(await ingestFiles(t, [file])).toMatchObject({ accepted: 2, skipped: 0 });
    expect(await ingestFiles(t, [file, gz])).toMatchObject({ files: 2, accepted: 0, skipped: 2 });
    expect(await events(t.customerId)).toHaveLength(2);
    expect(await daily(t.customerId)).toEqual(["2021-12-02 firewall allow 2"]);
  });

  it("cuts days and months in the customer's time zone, from the device's local time", async () => {
    // Device and customer both in Tokyo: the local day is the one in the log.
    const a = await tenant();
    await ingestFiles(a, [
      write("tz", [
        trafficLine({ time: "2021/11/30 23:59:59", serial: a.serial }),
        trafficLine({ time: "2021/12/01 00:00:00", serial: a.serial }),
        trafficLine({ time: "2021/12/31 23:59:59", serial: a.serial }),
        trafficLine({ time: "2022/01/01 00:00:00", serial: a.serial }),
      ]),
    ]);
    expect(await daily(a.customerId)).toEqual([
      "2021-11-30 firewall allow 1",
      "2021-12-01 firewall allow 1",
      "2021-12-31 firewall allow 1",
      "2022-01-01 firewall allow 1",
    ]);
    expect((await monthly(a.customerId, "fw.dst")).sort()).toEqual(["2021-11 8.8.8.8 1", "2021-12 8.8.8.8 2", "2022-01 8.8.8.8 1"]);

    // Device logging in UTC for a Tokyo customer: 15:00 UTC is midnight in Tokyo.
    const b = await tenant({ deviceTz: "UTC", customerTz: "Asia/Tokyo" });
    await ingestFiles(b, [
      write("tz2", [trafficLine({ time: "2021/11/30 14:59:59", serial: b.serial }), trafficLine({ time: "2021/11/30 15:00:00", serial: b.serial })]),
    ]);
    expect(await daily(b.customerId)).toEqual(["2021-11-30 firewall allow 1", "2021-12-01 firewall allow 1"]);
    const ev = await events(b.customerId);
    expect(ev.map((e) => (e.time as Date).toISOString())).toEqual(["2021-11-30T14:59:59.000Z", "2021-11-30T15:00:00.000Z"]);
  });
});
