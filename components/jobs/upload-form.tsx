"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";

// Uploads a log file with XMLHttpRequest (fetch cannot report upload progress) to the streaming
// route handler; on success opens the job's page, on refusal shows the reason next to the field.

export function LogUploadForm({ customers }: { customers: { slug: string; name: string }[] }) {
  const t = useTranslations("jobs.upload");
  const router = useRouter();
  const file = useRef<HTMLInputElement>(null);
  const [customer, setCustomer] = useState("");
  const [errors, setErrors] = useState<{ file?: string; customer?: string }>({});
  const [percent, setPercent] = useState<number | null>(null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const f = file.current?.files?.[0];
    const errs: typeof errors = {};
    if (!customer) errs.customer = "noCustomer";
    if (!f) errs.file = "noFile";
    setErrors(errs);
    if (errs.customer || errs.file || !f) return;
    const body = new FormData();
    body.set("customer", customer); // before the file: the server reads fields in order
    body.set("file", f);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/admin/uploads");
    xhr.upload.onprogress = (ev) => ev.lengthComputable && setPercent(Math.floor((100 * ev.loaded) / ev.total));
    xhr.onload = () => {
      setPercent(null);
      let json: { url?: string; code?: string; field?: "file" | "customer"; error?: string } = {};
      try {
        json = JSON.parse(xhr.responseText) as typeof json;
      } catch {}
      if (xhr.status === 201 && json.url) return router.push(json.url);
      setErrors({ [json.field ?? "file"]: json.code ?? "badRequest" });
    };
    xhr.onerror = () => {
      setPercent(null);
      setErrors({ file: "badRequest" });
    };
    setPercent(0);
    xhr.send(body);
  };

  return (
    <form className="upload" onSubmit={submit} data-testid="log-upload" noValidate>
      <div className="field">
        <label htmlFor="upload-customer">{t("customer")}</label>
        <select id="upload-customer" name="customer" value={customer} onChange={(e) => setCustomer(e.target.value)} aria-invalid={errors.customer ? true : undefined}>
          <option value="">{t("chooseCustomer")}</option>
          {customers.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name} ({c.slug})
            </option>
          ))}
        </select>
        {errors.customer && (
          <span className="field-error" data-field-error="customer">
            {t(`errors.${errors.customer}` as "errors.noCustomer")}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="upload-file">{t("file")}</label>
        <input id="upload-file" ref={file} type="file" name="file" aria-invalid={errors.file ? true : undefined} />
        <small>{t("hint")}</small>
        {errors.file && (
          <span className="field-error" data-field-error="file">
            {t(`errors.${errors.file}` as "errors.noFile")}
          </span>
        )}
      </div>
      <button type="submit" disabled={percent !== null}>
        {percent === null ? t("submit") : t("uploading", { percent })}
      </button>
      {percent !== null && <progress max={100} value={percent} aria-label={t("uploading", { percent })} />}
    </form>
  );
}
