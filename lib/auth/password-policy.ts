import { COMMON_PASSWORDS } from "./common-passwords";

// The password rules, one place for forms, the admin reset and the CLI. Codes are translated
// as errors.<code> in the UI and printed with ERROR_TEXT by the CLI (lib/validation).

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

export type PasswordProblem = "passwordWeak" | "tooLong" | "passwordEmail" | "passwordCommon";

export function passwordProblem(password: string, email?: string | null): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return "passwordWeak";
  if (password.length > PASSWORD_MAX_LENGTH) return "tooLong";
  const lower = password.toLowerCase();
  if (email) {
    const e = email.trim().toLowerCase();
    const local = e.split("@")[0] ?? "";
    // The address, or its name part, inside the password is the first thing a guesser tries.
    if (lower.includes(e) || (local.length >= 4 && lower.includes(local))) return "passwordEmail";
  }
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) return "passwordCommon";
  return null;
}
