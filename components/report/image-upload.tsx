"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";

// Uploads an image (network diagram, logo) to a route handler; the file's bytes decide its
// type there. Errors come back as field codes and show next to the file input.

export function ImageUpload({ url, accept, label, testId, extra }: { url: string; accept: string; label: string; testId: string; extra?: Record<string, string> }) {
  const t = useTranslations("reports.upload");
  const te = useTranslations("reportErrors");
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    setDone(false);
    if (!file) return setError("required");
    const body = new FormData();
    body.set("file", file);
    for (const [k, v] of Object.entries(extra ?? {})) body.set(k, v);
    setPending(true);
    try {
      const res = await fetch(url, { method: "POST", body });
      const json = (await res.json().catch(() => ({}))) as { fields?: Record<string, string>; error?: string };
      if (!res.ok) return setError(json.fields?.file ?? json.error ?? "invalid");
      setError(null);
      setDone(true);
      if (input.current) input.current.value = "";
      router.refresh();
    } finally {
      setPending(false);
    }
  };
  return (
    <form className="upload" onSubmit={submit} data-testid={testId} noValidate>
      <div className="field">
        <label htmlFor={`${testId}-file`}>{label}</label>
        <input id={`${testId}-file`} ref={input} type="file" name="file" accept={accept} aria-invalid={error ? true : undefined} />
        {error && (
          <span className="field-error" data-field-error="file">
            {te(error as "invalid")}
          </span>
        )}
      </div>
      <button type="submit" disabled={pending}>
        {t("upload")}
      </button>
      {done && (
        <span className="form-ok" role="status">
          {t("done")}
        </span>
      )}
    </form>
  );
}
