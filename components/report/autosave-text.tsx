"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import type { SaveResult } from "@/lib/reports/save-result";

// A text that saves itself: a moment after typing stops, and when the field loses focus. Each
// save names the revision it started from; when someone else saved in between, the editor stops
// autosaving and shows their text, and the analyst chooses (take theirs, or overwrite with mine).

type Conflict = Extract<SaveResult, { conflict: unknown }>["conflict"];
type State = "idle" | "dirty" | "saving" | "saved" | "conflict" | "error";

export function AutosaveText({
  label,
  initialBody,
  initialRevision,
  updatedBy,
  draft,
  save,
  testId,
  rows = 6,
  delayMs = 1200,
}: {
  label: string;
  initialBody: string;
  initialRevision: number;
  updatedBy: string | null;
  draft: string;
  save: (body: string, expectedRevision: number) => Promise<SaveResult>;
  testId: string;
  rows?: number;
  delayMs?: number;
}) {
  const t = useTranslations("reports.editor");
  const te = useTranslations("reportErrors");
  const [body, setBody] = useState(initialBody);
  const [state, setState] = useState<State>("idle");
  const [who, setWho] = useState(updatedBy);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revision = useRef(initialRevision);
  const saved = useRef(initialBody);
  const latest = useRef(initialBody);
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const paused = useRef(false);

  const flush = useCallback(async (force?: { expectedRevision: number }) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    while (inFlight.current) await inFlight.current;
    if (paused.current && !force) return;
    const text = latest.current;
    if (text === saved.current && !force) return;
    setState("saving");
    const run = (async () => {
      const r = await save(text, force?.expectedRevision ?? revision.current).catch(() => ({ ok: false as const, error: "network" }));
      if (r.ok) {
        revision.current = r.revision;
        saved.current = text;
        paused.current = false;
        setConflict(null);
        setError(null);
        setWho(r.updatedBy);
        setState(latest.current === text ? "saved" : "dirty");
      } else if ("conflict" in r) {
        paused.current = true;
        setConflict(r.conflict);
        setState("conflict");
      } else {
        setError(r.error);
        setState("error");
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = null;
    if (!paused.current && latest.current !== saved.current) schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [save]);

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), delayMs);
  }, [flush, delayMs]);

  const change = (v: string) => {
    setBody(v);
    latest.current = v;
    if (paused.current) return;
    setState("dirty");
    schedule();
  };

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (latest.current !== saved.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  const takeTheirs = () => {
    if (!conflict) return;
    revision.current = conflict.revision;
    saved.current = conflict.body;
    latest.current = conflict.body;
    setBody(conflict.body);
    setWho(conflict.updatedBy);
    setConflict(null);
    paused.current = false;
    setState("saved");
  };
  const keepMine = () => {
    if (!conflict) return;
    void flush({ expectedRevision: conflict.revision });
  };

  return (
    <div className="editor" data-testid={testId} data-state={state}>
      <div className="label">{label}</div>
      <textarea value={body} rows={rows} onChange={(e) => change(e.target.value)} onBlur={() => void flush()} aria-label={label} />
      <div className="bar">
        <span className={`state-${state}`} data-testid={`${testId}-state`} role="status">
          {state === "saving" ? t("saving") : state === "saved" ? t("saved") : state === "dirty" ? t("unsaved") : state === "conflict" ? t("conflict") : state === "error" ? te(error as "invalid") : revision.current === 0 ? t("mamoriDraft") : t("savedBy", { who: who ?? "" })}
        </span>
        {body !== draft && (
          <button type="button" className="secondary" onClick={() => change(draft)}>
            {t("resetToDraft")}
          </button>
        )}
      </div>
      {conflict && (
        <div className="conflict" data-testid={`${testId}-conflict`}>
          <strong>{t("conflictBy", { who: conflict.updatedBy })}</strong>
          <pre>{conflict.body}</pre>
          <div className="bar">
            <button type="button" onClick={takeTheirs}>
              {t("takeTheirs")}
            </button>
            <button type="button" className="danger" onClick={keepMine}>
              {t("keepMine")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
