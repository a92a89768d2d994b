// When a signed session token stops being honoured, decided against the database on every request.

/** Sessions live this long from the sign-in itself, however active the user is. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/**
 * A password change (own or an admin reset) ends every session issued before it ("sign out
 * everywhere"); next-auth slides the cookie's expiry on each request, so the absolute lifetime
 * is checked here from the sign-in time. Tokens without a sign-in time are not honoured.
 */
export function sessionExpired(issuedAt: number | undefined, passwordChangedAt: Date, now = Date.now()): boolean {
  if (typeof issuedAt !== "number" || !Number.isFinite(issuedAt)) return true;
  // 1 s of slack: the token's time and the column's come from different clocks (app and DB).
  if (passwordChangedAt.getTime() > issuedAt + 1000) return true;
  return now - issuedAt > SESSION_MAX_AGE_SECONDS * 1000;
}
