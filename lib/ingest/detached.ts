/**
 * A copy of `s` that does not point into a bigger string. V8 makes substrings of 13 or more
 * characters (and concatenations) views of their parent, so a map key sliced from a log line
 * keeps that line's whole 32 KB read window alive until the map dies: for rollup and cache keys
 * that kept ~1.5 MB alive per young-generation GC, all of it promoted and collected again.
 * Concatenating then slicing flattens into a new string of its own.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}
