import { InputError } from "@/lib/validation";

// Shape shared by every form's server action and the client form component.
export interface FormState {
  ok: boolean;
  fieldErrors: Record<string, string>; // field → error code (translated as errors.<code>)
  message?: string;
}

export const EMPTY_FORM: FormState = { ok: false, fieldErrors: {} };

export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}

/** Turns a domain InputError into field messages; anything else is a real failure and rethrows. */
export function formError(err: unknown): FormState {
  if (err instanceof InputError) return { ok: false, fieldErrors: err.fields, message: "form" };
  throw err;
}
