// PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes for \ tab LF CR.
// As a string, for the rare rows (rejects, other log types); event rows go in the binary format
// (copy-binary.ts), whose text values hold the same characters (NUL as U+FFFD too).

// PostgreSQL text cannot hold NUL (COPY fails the whole batch with "invalid byte sequence"), so a
// NUL from a damaged line becomes U+FFFD, as an invalid UTF-8 byte already does (found by fuzzing).
const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\uFFFD" };

export function copyText(v: string | null | undefined): string {
  if (v === null || v === undefined) return "\\N";
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]!);
}
