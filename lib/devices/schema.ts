import { z } from "zod";
import { isIPv4, isIPv6, timezoneSchema } from "@/lib/validation";

export const deviceInputSchema = z.object({
  customerSlug: z.string().trim().min(1, "required"),
  vendor: z.string().trim().min(1, "required").max(100, "tooLong").default("PaloAltoNetworks"),
  model: z.string().trim().min(1, "required").max(100, "tooLong"),
  function: z.string().trim().min(1, "required").max(50, "tooLong").default("UTM"),
  hostname: z.string().trim().min(1, "required").max(253, "tooLong"),
  ip: z.string().trim().min(1, "required").refine((v) => isIPv4(v) || isIPv6(v), "ip"),
  serial: z.string().trim().min(1, "required").max(64, "tooLong").regex(/^[A-Za-z0-9_-]+$/, "invalid"),
  timezone: timezoneSchema.default("Asia/Tokyo"),
});
export type DeviceInput = z.input<typeof deviceInputSchema>;

export const deviceUpdateSchema = deviceInputSchema.omit({ customerSlug: true }).extend({ disabled: z.boolean().default(false) });
export type DeviceUpdate = z.input<typeof deviceUpdateSchema>;
