import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxies } from "./client-address";

describe("clientAddress", () => {
  it("believes only the entry the trusted proxy appended, never what the client put in front", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "192.0.2.7" }), 1)).toBe("192.0.2.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 192.0.2.7" }), 1)).toBe("192.0.2.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6,192.0.2.7, 10.0.0.2" }), 2)).toBe("192.0.2.7");
  });

  it("has no address when the request did not pass every trusted proxy, or none is configured", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "192.0.2.7" }), 2)).toBeNull();
    expect(clientAddress(new Headers({ "x-forwarded-for": "192.0.2.7", "x-real-ip": "192.0.2.8" }), 0)).toBeNull();
    expect(clientAddress(new Headers(), 1)).toBeNull();
    expect(clientAddress(undefined, 1)).toBeNull();
  });

  it("falls back to X-Real-IP, and reads next-auth's plain header objects (repeated headers as an array)", () => {
    expect(clientAddress(new Headers({ "x-real-ip": "192.0.2.9" }), 1)).toBe("192.0.2.9");
    expect(clientAddress({ "x-forwarded-for": "192.0.2.10" }, 1)).toBe("192.0.2.10");
    expect(clientAddress({ "x-forwarded-for": ["6.6.6.6", "192.0.2.11"] }, 1)).toBe("192.0.2.11");
    expect(clientAddress({ "x-forwarded-for": 42 }, 1)).toBeNull();
  });

  it("keeps only a valid address: ports and IPv4-mapped prefixes are stripped, anything else is dropped", () => {
    const one = (v: string) => clientAddress(new Headers({ "x-forwarded-for": v }), 1);
    expect(one("192.0.2.7:51234")).toBe("192.0.2.7");
    expect(one("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(one("2001:db8::2")).toBe("2001:db8::2");
    expect(one("::ffff:192.0.2.12")).toBe("192.0.2.12");
    expect(one("unknown")).toBeNull();
    expect(one("192.0.2.7'; DROP TABLE users")).toBeNull();
    expect(one("x".repeat(10_000))).toBeNull();
  });
});

describe("trustedProxies", () => {
  it("defaults to one proxy and refuses a value that is not a small whole number", () => {
    expect(trustedProxies({})).toBe(1);
    expect(trustedProxies({ MAMORI_TRUSTED_PROXIES: "" })).toBe(1);
    expect(trustedProxies({ MAMORI_TRUSTED_PROXIES: "0" })).toBe(0);
    expect(trustedProxies({ MAMORI_TRUSTED_PROXIES: "3" })).toBe(3);
    expect(() => trustedProxies({ MAMORI_TRUSTED_PROXIES: "two" })).toThrow(/MAMORI_TRUSTED_PROXIES/);
    expect(() => trustedProxies({ MAMORI_TRUSTED_PROXIES: "-1" })).toThrow(/MAMORI_TRUSTED_PROXIES/);
  });
});
