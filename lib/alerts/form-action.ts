import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { formError, formValues, type FormState } from "@/lib/forms";

// The shape of every SOC server action: the caller has passed the guard; the form goes to one
// domain function; its InputError becomes field messages; on success the pages are refreshed
// and, if the body returns a path, the browser goes there.

export async function runForm(formData: FormData, body: (values: Record<string, string>) => Promise<string | void>, revalidate: string[] = []): Promise<FormState> {
  const values = formValues(formData);
  let target: string | void;
  try {
    target = await body(values);
  } catch (err) {
    return formError(err, values);
  }
  for (const p of revalidate) revalidatePath(p);
  if (target) redirect(target);
  return { ok: true, fieldErrors: {} };
}

export const checkbox = (v: string | undefined) => v === "true" || v === "on";
