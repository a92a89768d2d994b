import { Secret, TOTP } from "otpauth";

// RFC 6238 TOTP through the otpauth library (SHA-1, 6 digits, 30 s: what every authenticator app
// defaults to). One step of clock drift either way is accepted.
//
// No replay protection: a code stays valid for its window, so parallel sessions (and the e2e
// workers that sign the same staff user in within one 30 s step) are not refused. The account
// lockout bounds guessing instead.

const ISSUER = "Mamori";

export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URI an authenticator app scans (as a QR code) or imports. */
export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

export function isValidTotpSecret(secret: string): boolean {
  try {
    return /^[A-Z2-7]+=*$/.test(secret) && Secret.fromBase32(secret).bytes.length >= 10;
  } catch {
    return false;
  }
}

/** The current code (the CLI, the e2e fixtures and the tests compute it the same way the app checks it). */
export function currentTotp(secret: string, timestamp = Date.now()): string {
  return totpFor(secret, "x").generate({ timestamp });
}

export function verifyTotp(secret: string, code: string | null | undefined, timestamp = Date.now()): boolean {
  const token = (code ?? "").replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return false;
  return totpFor(secret, "x").validate({ token, timestamp, window: 1 }) !== null;
}
