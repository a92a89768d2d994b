import { describe, expect, it } from "vitest";
import { SESSION_MAX_AGE_SECONDS, sessionExpired } from "./session";

describe("session expiry", () => {
  const signIn = Date.UTC(2026, 10, 27, 1, 0, 0);
  const changed = new Date(signIn - 86_400_000);

  it("honours a session until its absolute lifetime, however active", () => {
    expect(sessionExpired(signIn, changed, signIn + 60_000)).toBe(false);
    expect(sessionExpired(signIn, changed, signIn + SESSION_MAX_AGE_SECONDS * 1000)).toBe(false);
    expect(sessionExpired(signIn, changed, signIn + SESSION_MAX_AGE_SECONDS * 1000 + 1)).toBe(true);
  });

  it("ends every session issued before a password change", () => {
    expect(sessionExpired(signIn, new Date(signIn + 5_000), signIn + 6_000)).toBe(true);
    // a session signed in after the change is fine
    expect(sessionExpired(signIn + 10_000, new Date(signIn + 5_000), signIn + 11_000)).toBe(false);
  });

  it("does not honour tokens without a sign-in time", () => {
    expect(sessionExpired(undefined, changed, signIn)).toBe(true);
    expect(sessionExpired(Number.NaN, changed, signIn)).toBe(true);
  });
});
