import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { lookupIp } from "../../geo";
import {
  BASE_VOLUME,
  MonthEngine,
  dailyVolumeShape,
  dailyVolumeWeights,
  generateMonth,
  generateMonthBuffers,
  generateMonthChunks,
  planMonth,
  writeMonth,
  type GenerateMonthOptions,
} from "./index";

const BASE: GenerateMonthOptions = {
  month: "2021-12",
  scale: 0.002,
  serial: "012801096514",
  deviceName: "sample-utm",
  timeZone: "Asia/Tokyo",
};

/** RFC 4180 split of one CSV record (quoted fields may contain commas and doubled quotes). */
function splitCsv(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (s[i] === '"') {
      let v = "";
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) throw new Error("unterminated quote");
        v += s.slice(i, q);
        if (s[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (i >= s.length) return out;
      if (s[i] !== ",") throw new Error(`garbage after quote at ${i}`);
      i++;
    } else {
      const c = s.indexOf(",", i);
      if (c < 0) {
        out.push(s.slice(i));
        return out;
      }
      out.push(s.slice(i, c));
      i = c + 1;
    }
  }
}

const HEADER = /^<14>([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d:\d\d) (\S+) (1,.*)$/;

interface Parsed {
  line: string;
  host: string;
  f: string[];
}

function parse(line: string): Parsed | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  try {
    return { line, host: m[4]!, f: splitCsv(m[5]!) };
  } catch {
    return null;
  }
}

function collect(opts: GenerateMonthOptions) {
  const lines: string[] = [];
  const it = generateMonth(opts);
  for (;;) {
    const r = it.next();
    if (r.done) return { lines, stats: r.value };
    lines.push(r.value);
  }
}

const small = collect(BASE);
const parsed = small.lines.map(parse);
const TIME = /^\d{4}\/(0[1-9]|1[0-2])\/\d\d ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const valid = parsed.filter(
  (p): p is Parsed => p !== null && (p.f[3] === "TRAFFIC" ? p.f.length === 105 : p.f.length === 111) && TIME.test(p.f[1]!),
);

/** Collect failed checks instead of calling expect() per field (90k lines). */
function checker() {
  const failures: string[] = [];
  return {
    ok(cond: boolean, msg: () => string) {
      if (!cond && failures.length < 10) failures.push(msg());
    },
    failures,
  };
}

describe("generateMonth", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const hash = (o: GenerateMonthOptions) => {
      const h = crypto.createHash("sha256");
      for (const b of generateMonthBuffers(o)) h.update(b);
      return h.digest("hex");
    };
    const a = hash({ ...BASE, scale: 0.001, seed: 7 });
    expect(hash({ ...BASE, scale: 0.001, seed: 7 })).toBe(a);
    expect(hash({ ...BASE, scale: 0.001, seed: 8 })).not.toBe(a);
    // all three APIs produce the same bytes
    const h = crypto.createHash("sha256");
    for (const l of small.lines) h.update(`${l}\n`);
    const h2 = crypto.createHash("sha256");
    for (const c of generateMonthChunks(BASE, { chunkBytes: 50_000 })) h2.update(c);
    expect(h2.digest("hex")).toBe(h.digest("hex"));
  });

  it("produces about scale x the sample's volume, per function", () => {
    const s = small.stats;
    const plan = planMonth(BASE);
    expect(s.lines).toBe(small.lines.length);
    expect(s.lines - s.malformed).toBe(plan.plannedLines);
    const near = (got: number, want: number, tol: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);
    near(s.functions.firewall.total, BASE_VOLUME.firewall * 0.002, 70); // + 2 boundary lines/day + 1 notable
    near(s.functions.url.total, BASE_VOLUME.url * 0.002, 20); // + fixed URL incidents
    expect(s.totalLogs).toBeGreaterThan(0.95 * 0.002 * 44_900_000);
    expect(s.totalLogs).toBeLessThan(1.05 * 0.002 * 44_900_000);
    expect(s.functions.url.blocked).toBe(0);
    const blockedShare = s.functions.firewall.blocked / s.functions.firewall.total;
    expect(blockedShare).toBeGreaterThan(0.34);
    expect(blockedShare).toBeLessThan(0.39);
    // notable events are fixed counts (present even at small scales)
    expect(s.functions.wildfire.total).toBeGreaterThanOrEqual(4);
    expect(s.functions.spyware.total).toBeGreaterThanOrEqual(5);
    expect(s.functions.vulnerability.total).toBeGreaterThanOrEqual(2);
    expect(s.trafficStart).toBeGreaterThan(0);
  });

  it("scales linearly", () => {
    const p1 = planMonth({ ...BASE, scale: 0.01 });
    const p2 = planMonth({ ...BASE, scale: 0.02 });
    expect(p2.totals.firewall / p1.totals.firewall).toBeCloseTo(2, 1);
    expect(planMonth({ ...BASE, scale: 1 }).plannedLines).toBeGreaterThan(44_000_000);
  });

  it("puts fields where PAN-OS 10.x puts them", () => {
    expect(valid.length).toBe(small.lines.length - small.stats.malformed);
    const c = checker();
    const types = new Set<string>();
    for (const { f, host, line } of valid) {
      const at = (i: number, re: RegExp) => c.ok(re.test(f[i] ?? ""), () => `field ${i}=${JSON.stringify(f[i])} !~ ${re} in ${line.slice(0, 160)}`);
      const eq = (i: number, v: string) => c.ok(f[i] === v, () => `field ${i}=${JSON.stringify(f[i])} != ${v} in ${line.slice(0, 160)}`);
      c.ok(host === "sample-utm", () => `host ${host}`);
      eq(0, "1");
      at(1, /^2021\/12\/\d\d \d\d:\d\d:\d\d$/);
      eq(2, "012801096514");
      eq(6, f[1]!);
      at(7, /^[\d.]+$|:/);
      at(23, /^[1-9]\d*$/);
      types.add(`${f[3]}/${f[4]}`);
      if (f[3] === "TRAFFIC") {
        c.ok(f.length === 105, () => `TRAFFIC has ${f.length} fields`);
        at(30, /^(allow|deny|drop|reset-both)$/);
        at(29, /^(tcp|udp|icmp)$/);
        eq(52, "sample-utm");
        at(39, /^\d{18}$/);
        c.ok(Number(f[31]) === Number(f[32]) + Number(f[33]), () => `bytes ${f[31]} != ${f[32]}+${f[33]}`);
        c.ok(Number(f[34]) === Number(f[44]) + Number(f[45]), () => `packets ${f[34]} != ${f[44]}+${f[45]}`);
        at(35, /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d$/);
        c.ok(f[35]! <= f[6]!, () => `start ${f[35]} after ${f[6]}`);
        at(102, /^2021-12-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00$/);
        c.ok(f[102]!.slice(11, 19) === f[6]!.slice(11), () => `hires ${f[102]} vs ${f[6]}`);
      } else {
        eq(3, "THREAT");
        c.ok(f.length === 111, () => `THREAT has ${f.length} fields`);
        at(32, /\(\d+\)$/);
        at(34, /^(informational|low|medium|high|critical)$/);
        at(35, /^(client-to-server|server-to-client)$/);
        eq(59, "sample-utm");
        at(36, /^\d{18}$/);
        at(107, /^2021-12-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00$/);
        if (f[4] === "url") {
          eq(30, "alert");
          eq(32, "(9999)");
          at(33, /^[a-z-]+$/);
          c.ok(f[75]!.split(",")[0] === f[33], () => `url category list ${f[75]} vs ${f[33]}`);
        }
        if (f[4] === "wildfire") {
          at(33, /^(benign|grayware|malware|phishing)$/);
          at(43, /^[0-9a-f]{64}$/);
          at(53, /^\d+$/);
        }
      }
    }
    expect(c.failures).toEqual([]);
    for (const t of ["TRAFFIC/end", "TRAFFIC/deny", "TRAFFIC/drop", "TRAFFIC/start", "THREAT/url", "THREAT/vulnerability", "THREAT/spyware", "THREAT/wildfire"]) {
      expect(types, t).toContain(t);
    }
  });

  it("keeps the raw URL field quoted and the lines in time and sequence order", () => {
    const url = small.lines.find((l) => l.includes(",THREAT,url,"))!;
    expect(url).toMatch(/,alert,"[^"]+",\(9999\),/);
    let prevT = "";
    let prevSeq = 0n;
    const c = checker();
    for (const { f, line } of valid) {
      const t = f[6]!;
      c.ok(t >= prevT, () => `time went back: ${prevT} -> ${line.slice(0, 120)}`);
      prevT = t;
      const seq = BigInt(f[3] === "TRAFFIC" ? f[39]! : f[36]!);
      c.ok(seq > prevSeq, () => `seq not increasing: ${prevSeq} -> ${seq}`);
      prevSeq = seq;
    }
    expect(c.failures).toEqual([]);
    expect(prevSeq > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it("emits local-midnight boundary events every day", () => {
    const days = dailyVolumeShape("2021-12").length;
    for (let d = 1; d <= days; d++) {
      const date = `2021/12/${String(d).padStart(2, "0")}`;
      expect(valid.some((p) => p.f[6] === `${date} 00:00:00`), `${date} 00:00:00`).toBe(true);
      expect(valid.some((p) => p.f[6] === `${date} 23:59:59`), `${date} 23:59:59`).toBe(true);
    }
  });

  it("uses device-local time in the configured zone (incl. DST)", () => {
    const ny = collect({ ...BASE, month: "2021-11", timeZone: "America/New_York", scale: 0.001 });
    const offsets = new Set(ny.lines.map((l) => /\.\d{3}([+-]\d\d:\d\d),/.exec(l)?.[1]).filter(Boolean));
    expect(offsets).toEqual(new Set(["-04:00", "-05:00"]));
    const first = ny.lines.map(parse).find((p) => p && p.f.length >= 105)!;
    expect(first.f[6]).toBe("2021/11/01 00:00:00");
    // the generated local time and the UTC instant agree
    for (const l of ny.lines.slice(0, 2000)) {
      const p = parse(l);
      if (!p || p.f.length < 105) continue;
      const hires = p.f[p.f[3] === "TRAFFIC" ? 102 : 107]!;
      const local = p.f[6]!.replace(/\//g, "-").replace(" ", "T");
      expect(hires.startsWith(local)).toBe(true);
      expect(Number.isNaN(Date.parse(hires))).toBe(false);
    }
  });

  it("includes malformed lines of several kinds", () => {
    const ok = new Set(valid.map((p) => p.line));
    const bad = small.lines.filter((l) => !ok.has(l));
    expect(small.stats.malformed).toBeGreaterThanOrEqual(5);
    expect(bad.length).toBe(small.stats.malformed);
    expect(bad.some((l) => l.startsWith("<14>") && l.length < 130)).toBe(true); // truncated
    expect(bad.some((l) => !l.startsWith("<"))).toBe(true); // garbage
    expect(bad.some((l) => l.includes("2021/13/45"))).toBe(true); // bad timestamp
    // explicit cadence
    const e = new MonthEngine({ ...BASE, scale: 0.0005, malformedEvery: 1000 });
    let n = 0;
    while (e.next() !== null) n++;
    expect(e.stats().malformed).toBe(Math.floor((n - e.stats().malformed) / 1000));
  });

  it("shapes the month like the sample report", () => {
    const fw = valid.filter((p) => p.f[3] === "TRAFFIC" && p.f[4] !== "start");
    // top destination ports
    const ports = new Map<string, number>();
    for (const { f } of fw) ports.set(`${f[25]}/${f[29]}`, (ports.get(`${f[25]}/${f[29]}`) ?? 0) + 1);
    const top = [...ports.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    expect(top.slice(0, 3)).toEqual(["443/tcp", "53/udp", "80/tcp"]);
    expect(top.slice(0, 12)).toEqual(expect.arrayContaining(["162/udp", "5228/tcp", "123/udp", "3544/udp", "514/udp"]));
    // heavy top source inside the internal networks
    const srcs = new Map<string, number>();
    for (const { f } of fw) srcs.set(f[7]!, (srcs.get(f[7]!) ?? 0) + 1);
    const topSrc = [...srcs.entries()].sort((a, b) => b[1] - a[1]);
    expect(topSrc[0]![0]).toBe("192.0.2.214");
    expect(topSrc[0]![1] / fw.length).toBeGreaterThan(0.75);
    expect(topSrc[1]![0]).toBe("192.0.2.95");
    // top destinations are real public addresses with country and organisation
    const dsts = new Map<string, number>();
    for (const { f } of fw) dsts.set(f[8]!, (dsts.get(f[8]!) ?? 0) + 1);
    const topDst = [...dsts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    for (const [ip] of topDst) {
      const g = lookupIp(ip);
      expect(g.reserved, ip).toBeNull();
      expect(g.country, ip).toMatch(/^[A-Z]{2}$/);
      expect(g.org, ip).toBeTruthy();
    }
    // internal -> internal SNMP traps and inbound NTP from the internet
    expect(fw.some(({ f }) => f[25] === "162" && f[16] === "trust" && f[17] === "trust")).toBe(true);
    // URL categories in the sample's order at the top
    const cats = new Map<string, number>();
    for (const { f } of valid) if (f[4] === "url") cats.set(f[33]!, (cats.get(f[33]!) ?? 0) + 1);
    const topCats = [...cats.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    expect(topCats[0]).toBe("computer-and-internet-info");
    expect(topCats.slice(0, 4)).toEqual(expect.arrayContaining(["web-based-email", "search-engines"]));
    for (const c of ["malware", "phishing", "command-and-control", "proxy-avoidance-and-anonymizers"]) expect(cats.get(c), c).toBeGreaterThan(0);
  });

  it("contains the sample's notable threat events", () => {
    const names = new Map<string, { n: number; sev: Set<string>; sub: string }>();
    for (const { f } of valid) {
      if (f[3] !== "THREAT" || f[4] === "url") continue;
      const e = names.get(f[32]!) ?? { n: 0, sev: new Set(), sub: f[4]! };
      e.n++;
      e.sev.add(f[34]!);
      names.set(f[32]!, e);
    }
    const want: Array<[string, string, string, number]> = [
      ["Email Link(52143)", "wildfire", "high", 3],
      ["generic:crt.sectigo.com(435686358)", "spyware", "medium", 2],
      ["Suspicious DNS Query (generic:omnator.com)(421897263)", "spyware", "medium", 2],
      ["Apache Tomcat Remote Code Execution Via JSP Upload Vulnerability(38761)", "vulnerability", "medium", 1],
      ["Gh0st.Gen Command and Control Traffic(13264)", "spyware", "medium", 1],
      ["DCS-2530L Unauthenticated Information Disclosure Vulnerability(90255)", "vulnerability", "medium", 1],
    ];
    for (const [name, sub, sev, n] of want) {
      const e = names.get(name);
      expect(e, name).toBeDefined();
      expect(e!.sub).toBe(sub);
      expect(e!.sev.has(sev), `${name} ${sev}`).toBe(true);
      expect(e!.n).toBeGreaterThanOrEqual(n);
    }
    expect(valid.some(({ f }) => f[4] === "wildfire" && f[33] === "phishing")).toBe(true);
    expect(valid.some(({ f }) => f[4] === "wildfire" && f[33] === "benign")).toBe(true);
  });

  it("exports a daily shape with weekdays above weekends and a year-end drop", () => {
    const shape = dailyVolumeShape("2021-12");
    expect(shape).toHaveLength(31);
    const wk = shape.filter((d) => d.weekday >= 1 && d.weekday <= 5 && d.day < 27).map((d) => d.weight);
    const we = shape.filter((d) => d.weekday === 0 || d.weekday === 6).map((d) => d.weight);
    const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(Math.min(...wk)).toBeGreaterThan(Math.max(...we));
    expect(avg(we) / avg(wk)).toBeGreaterThan(0.04);
    expect(avg(we) / avg(wk)).toBeLessThan(0.12);
    expect(shape[30]!.weight).toBeLessThan(0.3 * avg(wk)); // Dec 31
    expect(dailyVolumeWeights("2022-02")).toHaveLength(28);
    // generated lines follow it: busiest weekday vs a Sunday
    const perDay = new Map<string, number>();
    for (const { f } of valid) if (f[3] === "TRAFFIC") perDay.set(f[6]!.slice(0, 10), (perDay.get(f[6]!.slice(0, 10)) ?? 0) + 1);
    expect(perDay.get("2021/12/01")!).toBeGreaterThan(5 * perDay.get("2021/12/05")!);
  });

  it("honours internalNetworks, including IPv6", () => {
    const g = collect({ ...BASE, month: "2022-01", scale: 0.0005, internalNetworks: ["10.20.0.0/16", "fd00:1234::/48"], seed: 3 });
    const ps = g.lines.map(parse).filter((p): p is Parsed => p !== null && p.f.length >= 105);
    expect(ps.some((p) => p.f[7] === "10.20.0.214")).toBe(true);
    expect(ps.some((p) => p.f[7]!.startsWith("fd00:1234:"))).toBe(true);
    expect(ps.every((p) => !p.f[7]!.startsWith("192.0.2."))).toBe(true);
  });
});

describe("writeMonth", () => {
  it("writes plain and gzip files with back-pressure and reports stats", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mamori-gen-"));
    try {
      const opts = { ...BASE, scale: 0.0005, seed: 11 };
      const expected = crypto.createHash("sha256");
      for (const c of generateMonthChunks(opts)) expected.update(c);
      const want = expected.digest("hex");

      const plain = path.join(dir, "m.log");
      const r1 = await writeMonth(opts, plain, { chunkBytes: 8192 });
      expect(crypto.createHash("sha256").update(fs.readFileSync(plain)).digest("hex")).toBe(want);
      expect(r1.bytes).toBe(fs.statSync(plain).size);
      expect(r1.lines).toBe(fs.readFileSync(plain, "utf8").split("\n").length - 1);

      const gz = path.join(dir, "m.log.gz");
      const r2 = await writeMonth(opts, gz);
      expect(crypto.createHash("sha256").update(zlib.gunzipSync(fs.readFileSync(gz))).digest("hex")).toBe(want);
      expect(r2.lines).toBe(r1.lines);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
