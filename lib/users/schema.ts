import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from "@/lib/auth/password-policy";

export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH, "passwordWeak").max(PASSWORD_MAX_LENGTH, "tooLong");

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
/** New users: the whole password policy, which needs the e-mail beside the password. */
export const newUserSchema = userInputSchema.superRefine((v, ctx) => {
  const problem = passwordProblem(v.password, v.email);
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
});
export type UserInput = z.input<typeof userInputSchema>;

export const userUpdateSchema = userInputSchema.omit({ password: true, email: true }).extend({ disabled: z.boolean().default(false) });
export type UserUpdate = z.input<typeof userUpdateSchema>;
