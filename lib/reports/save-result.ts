import { InputError } from "@/lib/validation";
import { ConflictError, StateError } from "./errors";

// What an autosaving editor gets back from a save: saved, a conflict with the other text (never a
// silent overwrite), or an error code it shows next to the text.

export type SaveResult =
  | { ok: true; revision: number; updatedBy: string; updatedAt: string }
  | { ok: false; conflict: { body: string; revision: number; updatedBy: string; updatedAt: string } }
  | { ok: false; error: string };

export async function saveResult(save: () => Promise<{ revision: number; updatedBy: string; updatedAt: string }>): Promise<SaveResult> {
  try {
    const r = await save();
    return { ok: true, revision: r.revision, updatedBy: r.updatedBy, updatedAt: r.updatedAt };
  } catch (err) {
    if (err instanceof ConflictError) return { ok: false, conflict: err.current };
    if (err instanceof InputError) return { ok: false, error: Object.values(err.fields)[0] ?? "invalid" };
    const code = stateErrorCode(err);
    if (code) return { ok: false, error: code };
    throw err;
  }
}

/** The code of a domain state error (not editable, wrong status…), or null for anything else. */
export function stateErrorCode(err: unknown): string | null {
  return err instanceof StateError ? err.code : null;
}
