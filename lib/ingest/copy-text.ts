// PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes for \ tab LF CR.
// Hand-written because it runs once per field of every event (tens of millions per month)
// and must not allocate when there is nothing to escape.

// PostgreSQL text cannot hold NUL (COPY fails the whole batch with "invalid byte sequence"), so a
// NUL from a damaged line becomes U+FFFD, as an invalid UTF-8 byte already does (found by fuzzing).
const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\uFFFD" };

export function copyText(v: string | null | undefined): string {
  if (v === null || v === undefined) return "\\N";
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]!);
}

export function copyNum(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "\\N" : String(v);
}

export function copyBool(v: boolean): string {
  return v ? "t" : "f";
}
