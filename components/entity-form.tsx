"use client";

import { useActionState, useRef } from "react";
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
  // Remount the fields after every answer so selects and checkboxes show the returned values too.
  const answers = useRef({ state, n: 0 });
  if (answers.current.state !== state) answers.current = { state, n: answers.current.n + 1 };
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
      <div key={answers.current.n} className="fields">
      {fields.map((f) => {
        const code = state.fieldErrors[f.name];
        const value = state.values && f.name in state.values ? state.values[f.name] : f.defaultValue;
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
              <textarea {...common} defaultValue={String(value ?? "")} rows={3} placeholder={f.placeholder} />
            ) : f.type === "select" ? (
              <select {...common} defaultValue={String(value ?? "")}>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : f.type === "checkbox" ? (
              <input {...common} type="checkbox" value="true" defaultChecked={state.values ? state.values[f.name] === "true" : Boolean(f.defaultValue)} />
            ) : (
              <input {...common} type={f.type ?? "text"} defaultValue={String(value ?? "")} placeholder={f.placeholder} autoComplete="off" />
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
      </div>
      <button type="submit" disabled={pending}>
        {submitLabel}
      </button>
    </form>
  );
}
