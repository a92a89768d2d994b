"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { EMPTY_FORM, type FormState } from "@/lib/forms";

// Small forms of the report editor and of the customer's answers, each on a server action,
// with the message of a rejected field next to it.

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

function FieldError({ state, name }: { state: FormState; name: string }) {
  const te = useTranslations("reportErrors");
  const code = state.fieldErrors[name];
  return code ? (
    <span className="field-error" data-field-error={name}>
      {te(code as "invalid")}
    </span>
  ) : null;
}

function FormMessage({ state }: { state: FormState }) {
  const te = useTranslations("reportErrors");
  if (state.ok || !state.message) return null;
  return (
    <p className="form-error" role="alert">
      {te(state.message as "form")}
    </p>
  );
}

/** Adds a table of selected events to a section's その他. */
export function EventTableForm({ action, fn, testId }: { action: Action; fn: string; testId: string }) {
  const t = useTranslations("reports.eventTable");
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM);
  const v = (k: string) => state.values?.[k] ?? "";
  return (
    <form action={formAction} className="inline-form" data-testid={testId} noValidate>
      <FormMessage state={state} />
      <div className="field">
        <label htmlFor={`${testId}-title`}>{t("title")}</label>
        <input id={`${testId}-title`} name="title" defaultValue={v("title")} />
        <FieldError state={state} name="title" />
      </div>
      {fn === "url" && (
        <div className="field">
          <label htmlFor={`${testId}-category`}>{t("category")}</label>
          <input id={`${testId}-category`} name="category" defaultValue={v("category")} placeholder="proxy-avoidance-and-anonymizers" />
          <FieldError state={state} name="category" />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${testId}-text`}>{t("text")}</label>
        <input id={`${testId}-text`} name="text" defaultValue={v("text")} />
        <FieldError state={state} name="text" />
      </div>
      <div className="field">
        <label htmlFor={`${testId}-srcIp`}>{t("srcIp")}</label>
        <input id={`${testId}-srcIp`} name="srcIp" defaultValue={v("srcIp")} aria-invalid={state.fieldErrors.srcIp ? true : undefined} />
        <FieldError state={state} name="srcIp" />
      </div>
      <div className="field">
        <label htmlFor={`${testId}-dstIp`}>{t("dstIp")}</label>
        <input id={`${testId}-dstIp`} name="dstIp" defaultValue={v("dstIp")} aria-invalid={state.fieldErrors.dstIp ? true : undefined} />
        <FieldError state={state} name="dstIp" />
      </div>
      <div className="field">
        <label htmlFor={`${testId}-action`}>{t("action")}</label>
        <select id={`${testId}-action`} name="action" defaultValue={v("action") || "any"}>
          <option value="any">{t("any")}</option>
          <option value="allowed">{t("allowed")}</option>
          <option value="blocked">{t("blocked")}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${testId}-limit`}>{t("limit")}</label>
        <input id={`${testId}-limit`} name="limit" type="number" min={1} max={100} defaultValue={v("limit") || "20"} />
        <FieldError state={state} name="limit" />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? t("running") : t("add")}
      </button>
    </form>
  );
}

/** Adds a recommendation (確認のお願い) to a section. */
export function RecommendationForm({ action, testId }: { action: Action; testId: string }) {
  const t = useTranslations("reports.recommendations");
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM);
  return (
    <form action={formAction} className="inline-form" data-testid={testId} noValidate>
      <FormMessage state={state} />
      <div className="field" style={{ flex: 1 }}>
        <label htmlFor={`${testId}-body`}>{t("new")}</label>
        <textarea id={`${testId}-body`} name="body" rows={2} defaultValue={state.ok ? "" : (state.values?.body ?? "")} aria-invalid={state.fieldErrors.body ? true : undefined} />
        <FieldError state={state} name="body" />
      </div>
      <button type="submit" disabled={pending}>
        {t("add")}
      </button>
    </form>
  );
}

/** The customer's answer to one recommendation: checked, or an answer in words. */
export function ResponseForm({ action, testId }: { action: Action; testId: string }) {
  const t = useTranslations("reports.response");
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM);
  return (
    <div className="rec-response">
      <form action={formAction} data-testid={`${testId}-check`}>
        <input type="hidden" name="status" value="checked" />
        <button type="submit" className="secondary" disabled={pending}>
          {t("check")}
        </button>
      </form>
      <form action={formAction} data-testid={`${testId}-answer`} noValidate>
        <FormMessage state={state} />
        <input type="hidden" name="status" value="answered" />
        <textarea name="answer" rows={2} aria-label={t("answer")} placeholder={t("answer")} defaultValue={state.ok ? "" : (state.values?.answer ?? "")} aria-invalid={state.fieldErrors.answer ? true : undefined} />
        <button type="submit" disabled={pending}>
          {t("send")}
        </button>
        <FieldError state={state} name="answer" />
      </form>
    </div>
  );
}
