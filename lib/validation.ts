import { z } from "zod";

// Domain functions reject bad input with field-level error codes; the UI translates the codes
// (messages `errors.<code>`), the CLI prints the English text.

export const ERROR_TEXT: Record<string, string> = {
  required: "is required",
  invalid: "is invalid",
  tooLong: "is too long",
  slug: "must be lower-case letters, digits and hyphens",
  timezone: "is not a known IANA time zone",
  cidr: "is not a valid CIDR (e.g. 192.0.2.0/24)",
  email: "is not a valid e-mail address",
  ip: "is not a valid IP address",
  slugTaken: "is already used by another customer",
  codeTaken: "is already used by another customer",
  serialTaken: "is already registered to a device",
  emailTaken: "is already used by another user",
  unknownCustomer: "does not match any customer",
  customerRequired: "is required for a customer user",
  customerForbidden: "must be empty for admin and analyst users",
  passwordWeak: "must be at least 12 characters",
  passwordEmail: "must not contain the e-mail address",
  passwordCommon: "is too common; choose another",
  passwordWrong: "is not the current password",
  passwordMismatch: "does not match the new password",
  passwordSame: "must differ from the current password",
  totpInvalid: "is not the current code of the authenticator app",
  notFound: "was not found",
};

export class InputError extends Error {
  constructor(public readonly fields: Record<string, string>) {
    super(
      Object.entries(fields)
        .map(([f, code]) => `${f} ${ERROR_TEXT[code] ?? code}`)
        .join("; "),
    );
  }
}

/** zod issues → { field: code }, first issue per field. Custom messages are the codes. */
export function fieldCodes(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    // List items report against their list: the form shows one message under the field.
    const field = issue.path.length ? String(issue.path[0]) : "_";
    if (out[field]) continue;
    out[field] = ERROR_TEXT[issue.message] ? issue.message : issue.code === "too_big" ? "tooLong" : "invalid";
  }
  return out;
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new InputError(fieldCodes(r.error));
  return r.data;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function isValidCidr(value: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value.trim());
  if (!m) return false;
  const [, addr, bits] = m;
  const prefix = Number(bits);
  if (isIPv4(addr!)) return prefix <= 32;
  if (isIPv6(addr!)) return prefix <= 128;
  return false;
}

export function isIPv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function isIPv6(s: string): boolean {
  // Defer to the URL parser rather than a regex: it implements the full IPv6 text grammar.
  if (!s.includes(":")) return false;
  try {
    return new URL(`http://[${s}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

export const timezoneSchema = z.string().trim().min(1, "required").refine(isValidTimeZone, "timezone");
export const cidrListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().refine(isValidCidr, "cidr")).max(200, "tooLong"));
export const emailListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().email("email")).max(50, "tooLong"));
