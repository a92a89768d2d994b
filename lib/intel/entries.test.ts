import { describe, expect, it } from "vitest";
import { normaliseDomain, normaliseIp, parseEntries, parseExpiry, splitCsvLine } from "./entries";
import { hostOf, IntelSet } from "./matcher";

describe("threat-intel entries", () => {
  it("normalises addresses, networks and domains, refanging defanged forms", () => {
    expect(normaliseIp("203.0.113[.]5")).toBe("203.0.113.5");
    expect(normaliseIp("198.51.100.77/24")).toBe("198.51.100.0/24");
    expect(normaliseIp("10.1.2.3/32")).toBe("10.1.2.3");
    expect(normaliseIp("2001:DB8:0:0::1")).toBe("2001:db8::1");
    expect(normaliseIp("2001:db8::/32")).toBeNull(); // IPv6 networks are not supported
    expect(normaliseIp("300.1.1.1")).toBeNull();
    expect(normaliseDomain("hxxps://Omnator[.]com/gate?x=1")).toBe("omnator.com");
    expect(normaliseDomain("*.evil.example.")).toBe("evil.example");
    expect(normaliseDomain("localhost")).toBeNull();
    expect(normaliseDomain("203.0.113.5")).toBeNull();
    expect(normaliseDomain("bad_label-.example")).toBeNull();
  });

  it("reads CSV with or without a header, plain text and comments; reports bad lines by number", () => {
    const csv = parseEntries('value,expires,source\n203.0.113.5,2022-01-31,"feed, A"\nnope,,\n203.0.113.6,31/01/2022,x\n', "ip");
    expect(csv.entries).toEqual([{ value: "203.0.113.5", source: "feed, A", expiresAt: new Date("2022-02-01T00:00:00Z") }]);
    expect(csv.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, "not an IP address or IPv4 network"],
      [4, "expiry is not a date (YYYY-MM-DD or ISO date-time)"],
    ]);
    const plain = parseEntries("# list\n\nevil.example\nEVIL.example\nwww.other.example,vendor", "domain");
    expect(plain.entries.map((e) => [e.value, e.source])).toEqual([
      ["evil.example", null],
      ["www.other.example", "vendor"],
    ]);
    expect(splitCsvLine('a,"b ""c""",d')).toEqual(["a", 'b "c"', "d"]);
    expect(parseExpiry("2022-02-30")).toBe("invalid");
    expect(parseExpiry("2022-01-31T12:00:00Z")).toEqual(new Date("2022-01-31T12:00:00Z"));
  });

  it("matches exact addresses, IPv4 networks and parent domains before their expiry", () => {
    const ips = new IntelSet("ip");
    ips.add("203.0.113.5", new Date("2022-01-01T00:00:00Z"));
    ips.add("198.51.100.0/24", null);
    ips.add("2001:db8::1", null);
    const before = () => Date.parse("2021-12-31T23:59:59Z");
    const after = () => Date.parse("2022-01-01T00:00:00Z");
    expect(ips.hasIp("203.0.113.5", before)).toBe(true);
    expect(ips.hasIp("203.0.113.5", after)).toBe(false);
    expect(ips.hasIp("198.51.100.255", after)).toBe(true);
    expect(ips.hasIp("198.51.101.0", after)).toBe(false);
    expect(ips.hasIp("2001:0db8:0:0:0:0:0:1", after)).toBe(true);
    const domains = new IntelSet("domain");
    domains.add("evil.example", null);
    expect(domains.hasDomain(hostOf("WWW.Evil.Example:8080/x"), after)).toBe(true);
    expect(domains.hasDomain(hostOf("evil.example.other.net/"), after)).toBe(false);
    expect(domains.hasDomain(hostOf("https://a.b.evil.example/?q"), after)).toBe(true);
    expect(domains.hasDomain("example", after)).toBe(false);
  });
});
