"use client";

import { useActionState, useRef } from "react";
import { useTranslations } from "next-intl";
import type { ImportState } from "@/app/(app)/rules/actions";
import s from "./soc.module.css";

/** Threat-intel import: paste CSV / plain text or pick a file (read in the browser into the text box). */
export function ImportForm({ action }: { action: (prev: ImportState, data: FormData) => Promise<ImportState> }) {
  const [state, formAction, pending] = useActionState(action, { ok: false, fieldErrors: {} } as ImportState);
  const t = useTranslations("intel");
  const te = useTranslations("errors");
  const text = useRef<HTMLTextAreaElement>(null);
  const err = (f: string) =>
    state.fieldErrors[f] ? (
      <span className="field-error" data-field-error={f}>
        {te(state.fieldErrors[f] as "invalid")}
      </span>
    ) : null;
  return (
    <form action={formAction} className="form" noValidate data-testid="import-form">
      {state.summary && (
        <div className={s.summary} role="status" data-testid="import-summary">
          {t("summary", { parsed: state.summary.parsed, added: state.summary.added, updated: state.summary.updated, removed: state.summary.removed, rejected: state.summary.rejected.length })}
          {state.summary.rejected.length > 0 && (
            <ul className={s.rejected}>
              {state.summary.rejected.slice(0, 20).map((r) => (
                <li key={r.line}>
                  {t("rejectedLine", { line: r.line })}: {r.text} — {r.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor="import-file">{t("file")}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.txt,text/plain,text/csv"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f && text.current) text.current.value = await f.text();
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="field-text">{t("text")}</label>
        <textarea id="field-text" name="text" ref={text} rows={8} placeholder={"203.0.113.197\n198.51.100.0/24,abuse-feed,2022-01-31"} aria-invalid={state.fieldErrors.text ? true : undefined} />
        <small className="hint">{t("textHint")}</small>
        {err("text")}
      </div>
      <div className="field">
        <label htmlFor="field-source">{t("entrySource")}</label>
        <input id="field-source" name="source" autoComplete="off" />
        {err("source")}
      </div>
      <div className="field">
        <label htmlFor="field-expires">{t("expires")}</label>
        <input id="field-expires" name="expires" placeholder="2022-01-31" autoComplete="off" aria-invalid={state.fieldErrors.expires ? true : undefined} />
        {err("expires")}
      </div>
      <div className="field field-checkbox">
        <input id="field-replace" name="replace" type="checkbox" value="true" />
        <label htmlFor="field-replace">{t("replace")}</label>
      </div>
      <button type="submit" disabled={pending}>
        {t("import")}
      </button>
    </form>
  );
}
