import { withApi } from "@/lib/auth/guard";
import { InputError } from "@/lib/validation";

// Route-handler helpers for the SOC APIs: JSON with bigints as numbers, bad input as 400 with
// the field codes (the same codes the forms show), everything else through the guard's withApi.

export function json(data: unknown, init: ResponseInit = {}): Response {
  const body = JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
  return new Response(body, { ...init, headers: { "content-type": "application/json; charset=utf-8", ...(init.headers ?? {}) } });
}

export function badRequest(fields: Record<string, string>): Response {
  return json({ error: "invalid input", fields }, { status: 400 });
}

/** withApi plus InputError → 400 { error, fields }. */
export function withSocApi<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return withApi(async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (err instanceof InputError) {
        // "not found" of the target itself is a 404, like any other thing that is not the caller's.
        if (err.fields.id === "notFound" && Object.keys(err.fields).length === 1) return json({ error: "not found" }, { status: 404 });
        return badRequest(err.fields);
      }
      throw err;
    }
  });
}

function hasNul(v: unknown): boolean {
  if (typeof v === "string") return v.includes("\0");
  if (v && typeof v === "object") return Object.values(v).some(hasNul);
  return false;
}

/** Largest JSON body the SOC APIs read: far above any form (10 000-character texts), far below memory trouble. */
export const MAX_JSON_BYTES = 256 * 1024;

/** The body as text, or null once it passes `max` bytes (read no further: a huge body costs nothing). */
async function readCapped(req: Request, max: number): Promise<string | null> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > max) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The request body as an object, or a 400 (`_: "json"` malformed, `_: "tooLarge"` over MAX_JSON_BYTES). */
export async function readJson(req: Request): Promise<Record<string, unknown>> {
  // JSON only: a cross-site form (text/plain) cannot pass for an API call.
  if (!(req.headers.get("content-type") ?? "").toLowerCase().includes("application/json")) throw new InputError({ _: "json" });
  const text = await readCapped(req, MAX_JSON_BYTES);
  if (text === null) throw new InputError({ _: "tooLarge" });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InputError({ _: "json" });
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new InputError({ _: "json" });
  // PostgreSQL text cannot hold NUL: a field carrying one is refused by name, not a 500 later.
  const nul = Object.entries(body).filter(([, v]) => hasNul(v));
  if (nul.length) throw new InputError(Object.fromEntries(nul.map(([k]) => [k, "invalid"])));
  return body as Record<string, unknown>;
}
