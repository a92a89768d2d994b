"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("signin");
  const [error, setError] = useState(false);
  const [pending, setPending] = useState(false);
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        setError(false);
        const data = new FormData(e.currentTarget);
        const res = await signIn("credentials", { email: data.get("email"), password: data.get("password"), redirect: false });
        if (res?.ok && !res.error) {
          window.location.assign(callbackUrl);
          return;
        }
        setPending(false);
        setError(true);
      }}
    >
      <div className="field">
        <label htmlFor="email">{t("email")}</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <div className="field">
        <label htmlFor="password">{t("password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {t("failed")}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
