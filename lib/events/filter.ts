import { z } from "zod";
import { isIPv4, isIPv6, isValidCidr } from "@/lib/validation";

// Event explorer filters, as they arrive in a URL query string. Every field is optional;
// times are local to the customer ("2021-12-01T00:00") and the range defaults to a month.

const FUNCTIONS = ["firewall", "url", "vulnerability", "spyware", "virus", "wildfire"] as const;
const SEVERITIES = ["informational", "low", "medium", "high", "critical"] as const;
const DIRECTIONS = ["inbound", "outbound", "internal", "external"] as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "tooLong")
    // PostgreSQL text cannot hold NUL: refused here, not a 500 from the query (found by the bad-input e2e).
    .refine((v) => !v.includes("\0"), "invalid")
    .optional()
    .transform((v) => v || undefined);

const address = optionalText(64).refine((v) => v === undefined || isIPv4(v) || isIPv6(v) || isValidCidr(v), "cidr");
const localTime = optionalText(19).refine((v) => v === undefined || /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(v), "invalid");

export const eventFilterSchema = z.object({
  from: localTime,
  to: localTime,
  fn: z.enum(FUNCTIONS).optional().or(z.literal("").transform(() => undefined)),
  action: optionalText(40),
  blocked: z.enum(["yes", "no"]).optional().or(z.literal("").transform(() => undefined)),
  src: address,
  dst: address,
  port: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), "invalid"),
  threat: optionalText(200),
  url: optionalText(200),
  category: optionalText(100),
  severity: z.enum(SEVERITIES).optional().or(z.literal("").transform(() => undefined)),
  direction: z.enum(DIRECTIONS).optional().or(z.literal("").transform(() => undefined)),
  order: z.enum(["desc", "asc"]).optional().or(z.literal("").transform(() => undefined)),
  cursor: optionalText(200),
});
export type EventFilter = z.infer<typeof eventFilterSchema>;

export const EVENT_FILTER_KEYS = Object.keys(eventFilterSchema.shape) as (keyof EventFilter)[];

/** A URL query string for a filter (drill-down links build these). */
export function filterQuery(filter: Partial<Record<keyof EventFilter, string | number | undefined>>): string {
  const q = new URLSearchParams();
  for (const k of EVENT_FILTER_KEYS) {
    const v = filter[k];
    if (v !== undefined && v !== "") q.set(k, String(v));
  }
  return q.toString();
}
