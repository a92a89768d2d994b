import { z } from "zod";

export const passwordSchema = z.string().min(12, "passwordWeak").max(1024, "tooLong");

export const userInputSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "required").max(254, "tooLong").email("email"),
  name: z.string().trim().max(200, "tooLong").default(""),
  role: z.enum(["admin", "analyst", "customer"], { message: "invalid" }),
  customerSlug: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  locale: z.enum(["ja", "en"]).default("ja"),
  password: passwordSchema,
});
export type UserInput = z.input<typeof userInputSchema>;

export const userUpdateSchema = userInputSchema.omit({ password: true, email: true }).extend({ disabled: z.boolean().default(false) });
export type UserUpdate = z.input<typeof userUpdateSchema>;
