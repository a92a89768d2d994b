import { HttpError } from "@/lib/auth/guard";
import { InputError } from "@/lib/validation";
import { StateError } from "./errors";

// Answers of the report route handlers (PDF, images, JSON errors).

export function pdfResponse(pdf: Buffer, filename: string, opts: { inline?: boolean; cache?: "immutable" | "none" } = {}): Response {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "");
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.length),
      "Content-Disposition": `${opts.inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": opts.cache === "immutable" ? "private, max-age=31536000, immutable" : "private, no-store",
    },
  });
}

/** Uploaded images are served as files, never as documents: a stray SVG script cannot run. */
export function imageResponse(img: { contentType: string; data: Buffer; sha256: string }): Response {
  return new Response(new Uint8Array(img.data), {
    headers: {
      "Content-Type": img.contentType,
      "Content-Length": String(img.data.length),
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "Cache-Control": "private, max-age=31536000, immutable",
      ETag: `"${img.sha256}"`,
    },
  });
}

/** Domain errors as JSON answers; anything else is a real failure and rethrows. */
export function errorResponse(err: unknown): Response {
  if (err instanceof InputError) return Response.json({ error: "invalid", fields: err.fields }, { status: 400 });
  if (err instanceof StateError) return Response.json({ error: err.code }, { status: err.code === "notFound" ? 404 : 409 });
  if (err instanceof HttpError) return Response.json({ error: err.message }, { status: err.status });
  throw err;
}
