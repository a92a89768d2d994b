import { z } from "zod";

/** `before` of a newest-first list keyed on a bigint id: a URL parameter, ignored when not a positive id. */
export const beforeIdSchema = z.coerce.number().int().positive().optional().catch(undefined);

/**
 * One page of a newest-first list fetched with `take: size + 1`: the page, and the `before`
 * value of the next (older) page when there is one.
 */
export function keysetPage<T extends { id: bigint }>(rows: T[], size: number): { rows: T[]; nextBefore: string | null } {
  const page = rows.slice(0, size);
  return { rows: page, nextBefore: rows.length > size ? page[page.length - 1]!.id.toString() : null };
}

/** A list page's URL query: its filter with some values replaced (a page or cursor); unset values are left out. */
export function filterQuery(filter: Record<string, string | number | undefined>, changes: Record<string, string | number | null | undefined> = {}): string {
  const entries = Object.entries({ ...filter, ...changes }).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== null);
  return new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString();
}
