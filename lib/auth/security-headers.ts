// Security headers for every page and API answer, set by proxy.ts (a fresh CSP nonce per request;
// Next reads it from the request's CSP header and puts it on its own inline scripts).

export function newNonce(): string {
  return Buffer.from(crypto.randomUUID()).toString("base64");
}

export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    // strict-dynamic: scripts loaded by a nonced script (Next's chunks) run, nothing injected does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React renders style attributes (charts, layout); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    // data: for the server-rendered TOTP QR code; blob: for uploaded report images before saving.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** HSTS only when the browser really talks TLS (directly or through the reverse proxy): never on plain http://localhost. */
export function isTls(protocol: string, forwardedProto: string | null): boolean {
  return protocol === "https:" || forwardedProto?.split(",")[0]?.trim() === "https";
}

export const HSTS = "max-age=63072000; includeSubDomains";
