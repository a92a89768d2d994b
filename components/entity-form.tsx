"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { EMPTY_FORM, type FormState } from "@/lib/forms";

export interface FieldDef {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "textarea" | "select" | "checkbox";
  defaultValue?: string | boolean;
  options?: { value: string; label: string }[];
  required?: boolean;
  placeholder?: string;
  hint?: string;
}

/** One form component for every admin form: server action, per-field error messages. */
export function EntityForm({
  action,
  fields,
  submitLabel,
  savedMessage,
}: {
  action: (prev: FormState, data: FormData) => Promise<FormState>;
  fields: FieldDef[];
  submitLabel: string;
  savedMessage?: string;
}) {
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM);
  const t = useTranslations("errors");
  return (
    <form action={formAction} className="form" noValidate>
      {state.message && !state.ok && (
        <p className="form-error" role="alert">
          {t(state.message as "form")}
        </p>
      )}
      {state.ok && savedMessage && (
        <p className="form-ok" role="status">
          {savedMessage}
        </p>
      )}
      {fields.map((f) => {
        const code = state.fieldErrors[f.name];
        const id = `field-${f.name}`;
        const errId = `${id}-error`;
        const common = {
          id,
          name: f.name,
          "aria-invalid": code ? true : undefined,
          "aria-describedby": code ? errId : undefined,
        } as const;
        return (
          <div key={f.name} className={`field${f.type === "checkbox" ? " field-checkbox" : ""}`}>
            <label htmlFor={id}>{f.label}</label>
            {f.type === "textarea" ? (
              <textarea {...common} defaultValue={String(f.defaultValue ?? "")} rows={3} placeholder={f.placeholder} />
            ) : f.type === "select" ? (
              <select {...common} defaultValue={String(f.defaultValue ?? "")}>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : f.type === "checkbox" ? (
              <input {...common} type="checkbox" value="true" defaultChecked={Boolean(f.defaultValue)} />
            ) : (
              <input {...common} type={f.type ?? "text"} defaultValue={String(f.defaultValue ?? "")} placeholder={f.placeholder} autoComplete="off" />
            )}
            {f.hint && <small className="hint">{f.hint}</small>}
            {code && (
              <span id={errId} className="field-error" data-field-error={f.name}>
                {t(code as "invalid")}
              </span>
            )}
          </div>
        );
      })}
      <button type="submit" disabled={pending}>
        {submitLabel}
      </button>
    </form>
  );
}
