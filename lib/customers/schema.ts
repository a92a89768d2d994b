import { z } from "zod";
import { cidrListSchema, emailListSchema, timezoneSchema } from "@/lib/validation";

export const customerInputSchema = z.object({
  slug: z.string().trim().min(1, "required").max(63, "tooLong").regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "slug"),
  name: z.string().trim().min(1, "required").max(200, "tooLong"),
  code: z
    .string()
    .trim()
    .regex(/^\d{3,10}$/, "invalid")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  timezone: timezoneSchema.default("Asia/Tokyo"),
  internalNetworks: cidrListSchema.default([]),
  contactEmails: emailListSchema.default([]),
});
export type CustomerInput = z.input<typeof customerInputSchema>;

export const customerUpdateSchema = customerInputSchema.omit({ slug: true, code: true }).extend({
  disabled: z.boolean().default(false),
});
export type CustomerUpdate = z.input<typeof customerUpdateSchema>;
