import { isIP } from "node:net";
import { z } from "zod";

// Next gives route handlers, server actions and next-auth's authorize() the request headers but
// not the socket, so the client address can only come from what the reverse proxy adds.
// X-Forwarded-For is a list the client may start itself; each proxy appends the address it saw.
// Only the entries our own proxies appended can be believed, so the client is the Nth entry from
// the right, N = MAMORI_TRUSTED_PROXIES (default 1: one TLS-terminating proxy in front). The
// leftmost entry, which a client can set to anything, would let one client rotate addresses
// past the per-address sign-in limit and write any address into the audit log.

const hopsSchema = z.coerce.number().int().min(0).max(10).default(1);

export function trustedProxies(env: Record<string, string | undefined> = process.env): number {
  const r = hopsSchema.safeParse(env.MAMORI_TRUSTED_PROXIES || undefined);
  if (!r.success) throw new Error(`MAMORI_TRUSTED_PROXIES: ${r.error.issues[0]?.message ?? "invalid"} (a whole number of proxies, 0–10)`);
  return r.data;
}

type HeaderSource = Headers | Record<string, unknown> | undefined | null;

function header(h: HeaderSource, name: string): string | undefined {
  if (!h) return undefined;
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  if (Array.isArray(v)) return v.join(","); // Node joins repeated X-Forwarded-For headers the same way
  return typeof v === "string" ? v : undefined;
}

/** The address the outermost trusted proxy saw, or null when there is none to believe. */
export function clientAddress(h: HeaderSource, hops = trustedProxies()): string | null {
  if (hops === 0) return null;
  const forwarded = header(h, "x-forwarded-for");
  let candidate: string | undefined;
  if (forwarded) {
    const list = forwarded.split(",").map((s) => s.trim()).filter(Boolean);
    // Fewer entries than proxies: a request that did not come through all of them.
    candidate = list.length >= hops ? list[list.length - hops] : undefined;
  } else {
    candidate = header(h, "x-real-ip")?.trim(); // nginx's `proxy_set_header X-Real-IP $remote_addr`
  }
  return candidate ? normaliseAddress(candidate) : null;
}

/** Only a syntactically valid address is kept (no port, no IPv4-mapped prefix); anything else is null. */
function normaliseAddress(s: string): string | null {
  let a = s;
  if (a.startsWith("[")) a = a.slice(1, a.indexOf("]") > 0 ? a.indexOf("]") : undefined); // [v6]:port
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":")); // v4:port
  if (a.toLowerCase().startsWith("::ffff:") && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) ? a.toLowerCase() : null;
}
