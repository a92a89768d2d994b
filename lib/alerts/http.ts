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

/** The request body as an object, or a 400. */
export async function readJson(req: Request): Promise<Record<string, unknown>> {
  // JSON only: a cross-site form (text/plain) cannot pass for an API call.
  if (!(req.headers.get("content-type") ?? "").toLowerCase().includes("application/json")) throw new InputError({ _: "json" });
  try {
    const body = await req.json();
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InputError({ _: "json" });
}
