"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { Branding } from "@/lib/branding/branding";

// Branding form (multipart, for the logo file) posted to /api/branding; messages next to fields.

export function BrandingForm({ initial, logoUrl }: { initial: Branding; logoUrl: string | null }) {
  const t = useTranslations("branding");
  const te = useTranslations("reportErrors");
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setSaved(false);
    setPending(true);
    try {
      const res = await fetch("/api/branding", { method: "POST", body: new FormData(e.currentTarget) });
      const json = (await res.json().catch(() => ({}))) as { fields?: Record<string, string> };
      if (!res.ok) return setErrors(json.fields ?? { _: "invalid" });
      setErrors({});
      setSaved(true);
      router.refresh();
    } finally {
      setPending(false);
    }
  };
  const err = (name: string) =>
    errors[name] ? (
      <span className="field-error" data-field-error={name}>
        {te(errors[name] as "invalid")}
      </span>
    ) : null;
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="branding-form">
      {saved && (
        <p className="form-ok" role="status">
          {t("saved")}
        </p>
      )}
      <div className="field">
        <label htmlFor="providerName">{t("providerName")}</label>
        <input id="providerName" name="providerName" defaultValue={initial.providerName} aria-invalid={errors.providerName ? true : undefined} />
        {err("providerName")}
      </div>
      <div className="field">
        <label htmlFor="reportTitle">{t("reportTitle")}</label>
        <input id="reportTitle" name="reportTitle" defaultValue={initial.reportTitle} aria-invalid={errors.reportTitle ? true : undefined} />
        {err("reportTitle")}
      </div>
      <div className="field">
        <label htmlFor="logo">{t("logo")}</label>
        {logoUrl && <img src={logoUrl} alt="" style={{ maxHeight: 48, width: "auto" }} />}
        <input id="logo" name="logo" type="file" accept="image/png,image/jpeg" aria-invalid={errors.logo ? true : undefined} />
        {err("logo")}
      </div>
      {logoUrl && (
        <div className="field field-checkbox">
          <input id="removeLogo" name="removeLogo" type="checkbox" value="true" />
          <label htmlFor="removeLogo">{t("removeLogo")}</label>
        </div>
      )}
      <button type="submit" disabled={pending}>
        {t("save")}
      </button>
    </form>
  );
}
