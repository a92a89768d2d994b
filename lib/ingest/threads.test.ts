import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createCustomer } from "@/lib/customers/customers";
import { createDevice } from "@/lib/devices/devices";
import { createRule } from "@/lib/alerts/rules";
import { createThreatList, importThreatList } from "@/lib/intel/lists";
import { uniq } from "@/lib/testing/helpers";
import { writeMonth } from "./generate";
import { ingestFiles } from "./ingest";
import { rawLine } from "./raw-lines";
import { systemLine, trafficLine } from "./test-lines";

// Big files are built in worker threads, small ones on the main thread: both must store exactly
// the same events, rollups, rejects, raw lines and alerts.

const dir = mkdtempSync(path.join(tmpdir(), "mamori-threads-"));
const SERIAL = "013201000777";

async function tenant() {
  const slug = uniq("thr");
  const c = await createCustomer({ slug, name: "スレッド", internalNetworks: "192.0.2.0/24,10.0.0.0/8" }, CLI_ACTOR);
  await createDevice({ customerSlug: slug, hostname: "sample-utm", serial: uniq("SN").toUpperCase().replace(/-/g, ""), model: "PA-3220", ip: "192.0.2.13" }, CLI_ACTOR);
  // Both tenants read the same file: the serial is the file's, so each tenant gets its own copy of it.
  return { customerId: c.id, slug };
}

async function snapshot(customerId: string) {
  const events = await prisma.$queryRaw<{ n: bigint; digest: string }[]>`
    SELECT count(*) AS n, md5(string_agg(concat_ws('|', time, line_no, log_type, subtype, fn, action, allowed, is_session, repeat_count,
      host(src_ip), host(dst_ip), src_port, dst_port, protocol, app, rule, direction, url, category, threat_id, threat_name, severity,
      bytes, packets, src_country, dst_country, src_org, dst_org), ',' ORDER BY line_no)) AS digest
    FROM events WHERE customer_id = ${customerId}::uuid`;
  const daily = await prisma.$queryRaw<{ d: string }[]>`
    SELECT string_agg(concat_ws('|', day, fn, allowed, count, bytes), ',' ORDER BY day, fn, allowed) AS d FROM rollup_daily WHERE customer_id = ${customerId}::uuid`;
  const monthly = await prisma.$queryRaw<{ d: string }[]>`
    SELECT md5(string_agg(concat_ws('|', month, dimension, key, count), ',' ORDER BY month, dimension, key)) AS d, count(*)::int AS n FROM rollup_monthly WHERE customer_id = ${customerId}::uuid`;
  const rejects = await prisma.ingestReject.findMany({ where: { customerId }, orderBy: { lineNo: "asc" }, select: { lineNo: true, reason: true, excerpt: true } });
  const raws = await prisma.rawLog.findMany({ where: { customerId }, orderBy: { lineNo: "asc" }, select: { lineNo: true, logType: true, raw: true } });
  const alerts = await prisma.alert.findMany({ where: { customerId }, orderBy: [{ firstAt: "asc" }, { ruleName: "asc" }, { srcIp: "asc" }, { dstIp: "asc" }], select: { ruleName: true, srcIp: true, dstIp: true, count: true, level: true, firstAt: true, lastAt: true } });
  const samples = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.customer_id = ${customerId}::uuid`;
  return { events: events[0], daily: daily[0]?.d, monthly: monthly[0], rejects, raws, alerts, samples: samples[0]?.n };
}

describe("ingest in worker threads", () => {
  it("stores exactly what an ingest on the main thread stores (events, rollups, rejects, raw lines, alerts)", async () => {
    const a = await tenant();
    const b = await tenant();
    const serialA = (await prisma.device.findFirstOrThrow({ where: { customerId: a.customerId } })).serial;
    const serialB = (await prisma.device.findFirstOrThrow({ where: { customerId: b.customerId } })).serial;
    // A generated month (crosses a UTC month boundary: two partitions), malformed lines, a SYSTEM log, CRLF and a last line without a line end.
    const generated = path.join(dir, "month.log");
    await writeMonth({ month: "2022-03", scale: 0.0008, serial: SERIAL, deviceName: "sample-utm", timeZone: "Asia/Tokyo" }, generated);
    const extra = [
      "",
      "this is not a PAN-OS line",
      systemLine("2022/03/31 23:59:59", SERIAL),
      trafficLine({ time: "2022/03/31 23:59:59", serial: SERIAL, src: "10.1.1.1", dst: "198.18.0.9" }) + "\r",
      trafficLine({ time: "2022/03/01 00:00:00", serial: SERIAL, src: "10.1.1.1", dst: "198.18.0.10" }),
      trafficLine({ time: "2022/04/01 00:00:00", serial: SERIAL, src: "10.1.1.1", dst: "198.18.1.4" }),
    ].join("\n");
    const text = readFileSync(generated, "utf8") + extra;
    const fileA = path.join(dir, "a.log");
    const fileB = path.join(dir, "b.log");
    writeFileSync(fileA, text.replaceAll(SERIAL, serialA));
    writeFileSync(fileB, text.replaceAll(SERIAL, serialB));

    // A rule on a threat-intel list, which the build threads get from the main thread as data: an
    // entry without expiry matches, an expired network does not.
    for (const t of [a, b]) {
      const list = await createThreatList({ name: uniq("thr-ips"), kind: "ip", customerSlug: t.slug }, CLI_ACTOR);
      await importThreatList(list.id, { text: "indicator,source,expires\n198.18.1.4,feed,\n198.18.0.0/24,feed,2022-03-15\n" }, CLI_ACTOR);
      await createRule({ name: "Listed destination", level: "fatal", priority: 0, customerSlug: t.slug, functions: "firewall", listId: list.id, listField: "dst" }, CLI_ACTOR);
    }

    const here = await ingestFiles({ customerId: a.customerId }, [fileA], { threads: 0, batchLines: 7_000 });
    const threaded = await ingestFiles({ customerId: b.customerId }, [fileB], { threads: 2, batchLines: 7_000 });
    expect(here.lines).toBeGreaterThan(30_000);
    expect(threaded).toMatchObject({ lines: here.lines, accepted: here.accepted, rejected: here.rejected, other: here.other });
    expect(here.rejected).toBeGreaterThan(1);
    expect(here.other).toBe(1);

    const sa = await snapshot(a.customerId);
    const sb = await snapshot(b.customerId);
    expect(sb.events).toEqual(sa.events);
    expect(Number(sa.events!.n)).toBe(here.accepted - here.other);
    expect(sb.daily).toEqual(sa.daily);
    expect(sb.monthly).toEqual(sa.monthly);
    const strip = (rows: { lineNo: bigint; reason?: string; excerpt?: string; raw?: string }[], serial: string) =>
      rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : typeof v === "string" ? v.replaceAll(serial, "S") : v)));
    expect(strip(sb.rejects, serialB)).toEqual(strip(sa.rejects, serialA));
    expect(strip(sb.raws, serialB)).toEqual(strip(sa.raws, serialA));
    expect(sa.alerts.length).toBeGreaterThan(0);
    const listed = sa.alerts.filter((x) => x.ruleName === "Listed destination");
    expect(listed.map((x) => x.dstIp)).toEqual(["198.18.0.10", "198.18.1.4"]); // not 198.18.0.9: its network expired before it
    expect(sb.alerts).toEqual(sa.alerts);
    expect(sb.samples).toEqual(sa.samples);

    // The original line of any event, CRLF trimmed, from the compressed chunks.
    const lines = text.split("\n");
    const fileIdB = (await prisma.ingestFile.findFirstOrThrow({ where: { customerId: b.customerId } })).id;
    for (const n of [1, 6_999, 7_000, 7_001, lines.length - 1, lines.length]) {
      expect(await rawLine({ customerId: b.customerId }, fileIdB, BigInt(n))).toBe(lines[n - 1]!.replace(/\r$/, "").replaceAll(SERIAL, serialB));
    }
  });
});
