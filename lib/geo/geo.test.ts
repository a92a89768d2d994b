import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AsnTable } from "./asn-table";
import {
  classifyReserved,
  createGeoResolver,
  formatIPv6,
  getGeoResolver,
  lookupCountry,
  lookupIp,
  parseCidr,
  parseIPv4,
  parseIPv6,
  setGeoResolver,
} from "./index";

describe("ip parsing", () => {
  it("parses IPv4 strictly", () => {
    expect(parseIPv4("8.8.8.8")).toBe(0x08080808);
    expect(parseIPv4("255.255.255.255")).toBe(0xffffffff);
    expect(parseIPv4("0.0.0.0")).toBe(0);
    for (const bad of ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "a.b.c.d", " 1.2.3.4"]) {
      expect(parseIPv4(bad), bad).toBe(-1);
    }
  });
  it("parses IPv6 forms", () => {
    expect(Array.from(parseIPv6("::")!)).toEqual([0, 0, 0, 0]);
    expect(Array.from(parseIPv6("::1")!)).toEqual([0, 0, 0, 1]);
    expect(Array.from(parseIPv6("2001:db8::1")!)).toEqual([0x20010db8, 0, 0, 1]);
    expect(Array.from(parseIPv6("::ffff:1.2.3.4")!)).toEqual([0, 0, 0xffff, 0x01020304]);
    expect(Array.from(parseIPv6("fe80::")!)).toEqual([0xfe800000, 0, 0, 0]);
    expect(formatIPv6(parseIPv6("2001:4860:4860:0:0:0:0:8888")!)).toBe("2001:4860:4860::8888");
    for (const bad of ["1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", "12345::", "g::1", "1.2.3.4"]) {
      expect(parseIPv6(bad), bad).toBeNull();
    }
  });
  it("parses CIDRs", () => {
    expect(parseCidr("192.0.2.77/24")).toMatchObject({ family: 4, base: 0xc0000200, size: 256, prefix: 24 });
    expect(parseCidr("10.0.0.0/8")).toMatchObject({ family: 4, base: 0x0a000000, size: 2 ** 24 });
    expect(parseCidr("2001:db8::5/32")).toMatchObject({ family: 6, prefix: 32 });
    expect(parseCidr("nope/8")).toBeNull();
  });
});

describe("reserved ranges", () => {
  const cases: Array<[string, string | null]> = [
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", null],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.254", "cgnat"],
    ["100.128.0.1", null],
    ["127.0.0.1", "loopback"],
    ["169.254.10.20", "link-local"],
    ["192.0.2.214", "documentation"],
    ["198.51.100.13", "documentation"],
    ["203.0.113.197", "documentation"],
    ["203.0.114.1", null],
    ["224.0.0.251", "multicast"],
    ["239.255.255.250", "multicast"],
    ["198.18.0.1", "benchmark"],
    ["198.19.255.255", "benchmark"],
    ["198.20.0.1", null],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["ff02::fb", "multicast"],
    ["2001:db8:1::5", "documentation"],
    ["::ffff:10.0.0.1", "private"],
    ["2001:4860:4860::8888", null],
    ["8.8.8.8", null],
  ];
  it.each(cases)("%s -> %s", (ip, label) => {
    expect(classifyReserved(ip)).toBe(label);
  });
  it("returns undefined for non-addresses", () => {
    expect(classifyReserved("example.com")).toBeUndefined();
  });
});

describe("lookupIp (shipped data)", () => {
  it("resolves well-known public addresses", () => {
    expect(lookupIp("8.8.8.8")).toEqual({ country: "US", org: "Google LLC", asn: 15169, reserved: null });
    const cf = lookupIp("1.1.1.1");
    expect(cf.org).toMatch(/Cloudflare/);
    expect(cf.asn).toBe(13335);
    expect(cf.country).toMatch(/^[A-Z]{2}$/);
    const ut = lookupIp("133.11.0.1");
    expect(ut.country).toBe("JP");
    expect(ut.org).toMatch(/University of Tokyo/);
    expect(ut.asn).toBe(2501);
  });
  it("resolves IPv6 and IPv4-mapped addresses", () => {
    const g6 = lookupIp("2001:4860:4860::8888");
    expect(g6.country).toBe("US");
    expect(g6.org).toBe("Google LLC");
    expect(lookupIp("2606:4700:4700::1111").org).toMatch(/Cloudflare/);
    expect(lookupIp("::ffff:8.8.8.8")).toEqual(lookupIp("8.8.8.8"));
  });
  it("labels reserved ranges without looking them up", () => {
    expect(lookupIp("192.168.0.10")).toEqual({ country: null, org: null, asn: null, reserved: "private" });
    // 203.0.113.0/24 would resolve to AU in the data; documentation space must not
    expect(lookupIp("203.0.113.146")).toEqual({ country: null, org: null, asn: null, reserved: "documentation" });
    expect(lookupIp("100.64.1.1").reserved).toBe("cgnat");
    expect(lookupIp("2001:db8::1").reserved).toBe("documentation");
    expect(lookupIp("fe80::abcd").reserved).toBe("link-local");
  });
  it("is total: garbage gives all nulls", () => {
    for (const bad of ["", "not-an-ip", "999.1.1.1", "1:2:3"]) {
      expect(lookupIp(bad)).toEqual({ country: null, org: null, asn: null, reserved: null });
    }
  });
  it("country-only lookups work", () => {
    expect(lookupCountry("133.11.0.1")).toBe("JP");
    expect(lookupCountry("10.0.0.1")).toBeNull();
  });
  it("is fast once loaded (cached and uncached)", () => {
    const r = getGeoResolver().preload();
    const ips: string[] = [];
    let x = 0x9e3779b9;
    for (let i = 0; i < 20_000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const n = x >>> 0;
      ips.push(`${(n >>> 24) % 223 + 1}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`);
    }
    let t = performance.now();
    let withCountry = 0;
    for (const ip of ips) if (r.lookup(ip).country) withCountry++;
    const coldMs = performance.now() - t;
    t = performance.now();
    for (let k = 0; k < 10; k++) for (const ip of ips) r.lookup(ip);
    const warmMs = performance.now() - t;
    expect(withCountry).toBeGreaterThan(10_000);
    // generous bounds (shared CI machines); typical: ~150 ms cold, ~20 ms warm for 200k hits
    expect(coldMs).toBeLessThan(5_000);
    expect(warmMs).toBeLessThan(2_000);
  });
});

describe("createGeoResolver options", () => {
  it("accepts an explicit ASN CSV and keeps the cache bounded", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mamori-geo-"));
    const csv = path.join(dir, "custom-asn-ipv4.csv");
    fs.writeFileSync(
      csv,
      ['8.8.8.0,8.8.8.255,64500,"Example, ""Quoted"" Org"', "9.9.9.0,9.9.9.255,64501,Plain Org", "1.0.0.0,1.0.0.255,64502,Unsorted Org", ""].join("\n"),
    );
    const r = createGeoResolver({ asnPath: csv, cacheSize: 4, env: {} });
    expect(r.lookup("8.8.8.8")).toMatchObject({ org: 'Example, "Quoted" Org', asn: 64500, country: "US" });
    expect(r.lookup("1.0.0.7")).toMatchObject({ org: "Unsorted Org", asn: 64502 });
    expect(r.lookup("9.9.9.9").org).toBe("Plain Org");
    expect(r.lookup("7.7.7.7").org).toBeNull();
    for (let i = 0; i < 50; i++) r.lookup(`8.8.8.${i}`);
    expect((r as unknown as { cache: { size: number } }).cache.size).toBeLessThanOrEqual(4);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it("uses MAMORI_GEO_COUNTRY_MMDB when set, and survives a missing file", () => {
    const shipped = createGeoResolver({ env: {} }).describe().country;
    const viaEnv = createGeoResolver({ env: { MAMORI_GEO_COUNTRY_MMDB: shipped } });
    expect(viaEnv.describe().country).toBe(shipped);
    expect(viaEnv.lookup("8.8.8.8").country).toBe("US");
    const broken = createGeoResolver({ env: { MAMORI_GEO_COUNTRY_MMDB: "/nonexistent/GeoLite2-Country.mmdb" }, asnPath: [] });
    const warn = console.warn;
    console.warn = () => {};
    try {
      expect(broken.lookup("8.8.8.8")).toEqual({ country: null, org: null, asn: null, reserved: null });
      expect(broken.loadErrors.length).toBe(1);
    } finally {
      console.warn = warn;
    }
  });
  it("setGeoResolver swaps the singleton", () => {
    const custom = createGeoResolver({ env: {} });
    setGeoResolver(custom);
    expect(getGeoResolver()).toBe(custom);
    setGeoResolver();
    expect(getGeoResolver()).not.toBe(custom);
  });
});

describe("AsnTable snapshots", () => {
  it("loads the same table from its snapshot, and parses again when the snapshot is damaged or the file changed", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mamori-asn-"));
    try {
      const v4 = path.join(dir, "asn-ipv4.csv");
      const v6 = path.join(dir, "asn-ipv6.csv");
      fs.writeFileSync(v4, '1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."\n8.8.8.0,8.8.8.255,15169,Google LLC\n');
      fs.writeFileSync(v6, "2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,2500,WIDE Project\n");
      const cacheDir = path.join(dir, "cache");
      const load = () => AsnTable.load([v4, v6], { cacheDir, minBytes: 0 });
      const probe = (t: AsnTable) => [t.lookupV4(parseIPv4("1.0.0.7")), t.lookupV4(parseIPv4("8.8.8.8")), t.lookupV4(parseIPv4("9.9.9.9")), t.lookupV6(parseIPv6("2001:200::1")!)];
      const parsed = load();
      expect(parsed.loadedFromSnapshot).toBe(false);
      expect(probe(parsed)[0]).toEqual({ asn: 13335, org: "Cloudflare, Inc." });
      const cached = load();
      expect(cached.loadedFromSnapshot).toBe(true);
      expect(probe(cached)).toEqual(probe(parsed));
      expect(cached.size).toEqual(parsed.size);
      // A damaged snapshot is parsed around (and rewritten).
      const [file] = fs.readdirSync(cacheDir);
      fs.writeFileSync(path.join(cacheDir, file!), fs.readFileSync(path.join(cacheDir, file!)).subarray(0, 30));
      const afterDamage = load();
      expect(afterDamage.loadedFromSnapshot).toBe(false);
      expect(probe(afterDamage)).toEqual(probe(parsed));
      expect(load().loadedFromSnapshot).toBe(true);
      // A changed source file is a new key: its new content is read.
      fs.writeFileSync(v4, "8.8.8.0,8.8.8.255,15169,Google LLC (new)\n");
      const changed = load();
      expect(changed.loadedFromSnapshot).toBe(false);
      expect(changed.lookupV4(parseIPv4("8.8.8.8"))).toEqual({ asn: 15169, org: "Google LLC (new)" });
      expect(changed.lookupV4(parseIPv4("1.0.0.7"))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
