import { InputError } from "@/lib/validation";

// Shape shared by every form's server action and the client form component.
export interface FormState {
  ok: boolean;
  fieldErrors: Record<string, string>; // field → error code (translated as errors.<code>)
  message?: string;
  // What the user typed, so a rejected form comes back filled in (React resets forms after an action).
  values?: Record<string, string>;
}

export const EMPTY_FORM: FormState = { ok: false, fieldErrors: {} };

export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  // NUL never comes from a browser's form and PostgreSQL text cannot hold it: dropped.
  for (const [k, v] of formData.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v.replace(/\0/g, "");
  return out;
}

/** Turns a domain InputError into field messages; anything else is a real failure and rethrows. */
export function formError(err: unknown, values: Record<string, string> = {}): FormState {
  if (err instanceof InputError) {
    const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !/password/i.test(k)));
    return { ok: false, fieldErrors: err.fields, message: "form", values: kept };
  }
  throw err;
}
