import { describe, expect, it } from "vitest";
import { currentTotp, generateTotpSecret, isValidTotpSecret, totpUri, verifyTotp } from "./totp";

describe("TOTP", () => {
  const secret = generateTotpSecret();
  const t0 = Date.UTC(2026, 10, 27, 12, 0, 10);

  it("accepts the current code and one step of clock drift either way", () => {
    expect(verifyTotp(secret, currentTotp(secret, t0), t0)).toBe(true);
    expect(verifyTotp(secret, currentTotp(secret, t0 - 30_000), t0)).toBe(true);
    expect(verifyTotp(secret, currentTotp(secret, t0 + 30_000), t0)).toBe(true);
    // spaces as some apps display them ("123 456")
    const c = currentTotp(secret, t0);
    expect(verifyTotp(secret, `${c.slice(0, 3)} ${c.slice(3)}`, t0)).toBe(true);
  });

  it("refuses codes two steps away, another secret's code and malformed input", () => {
    expect(verifyTotp(secret, currentTotp(secret, t0 - 90_000), t0)).toBe(false);
    expect(verifyTotp(secret, currentTotp(secret, t0 + 90_000), t0)).toBe(false);
    const other = generateTotpSecret();
    const otherCode = currentTotp(other, t0);
    if (otherCode !== currentTotp(secret, t0)) expect(verifyTotp(secret, otherCode, t0)).toBe(false);
    for (const bad of ["", "12345", "1234567", "abcdef", null, undefined]) expect(verifyTotp(secret, bad, t0)).toBe(false);
  });

  it("matches RFC 6238's SHA-1 test vector (interoperates with authenticator apps)", () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s -> 94287082 (8 digits); 6 digits = 287082.
    const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(currentTotp(rfcSecret, 59_000)).toBe("287082");
    expect(currentTotp(rfcSecret, 1111111109_000)).toBe("081804");
  });

  it("builds an otpauth URI with issuer, account and secret; validates secrets", () => {
    const uri = totpUri(secret, "analyst@example.jp");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Mamori:analyst%40example\.jp\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain("issuer=Mamori");
    expect(isValidTotpSecret(secret)).toBe(true);
    expect(isValidTotpSecret("not base32!")).toBe(false);
    expect(isValidTotpSecret("ABC")).toBe(false);
  });
});
