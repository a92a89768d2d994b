"use client";

import { useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";

// Error codes thrown by lib/auth/options.ts checkSignIn (kept as literals: that module is server-only).
const MESSAGES: Record<string, "locked" | "codeRequired" | "codeInvalid"> = {
  locked: "locked",
  totp_required: "codeRequired",
  totp_invalid: "codeInvalid",
};

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("signin");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const message = error ? t(MESSAGES[error] ?? "failed") : null;
  const codeError = error === "totp_required" || error === "totp_invalid";
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        setError(null);
        const data = new FormData(e.currentTarget);
        const res = await signIn("credentials", { email: data.get("email"), password: data.get("password"), code: data.get("code") ?? "", redirect: false });
        if (res?.ok && !res.error) {
          window.location.assign(callbackUrl);
          return;
        }
        setPending(false);
        setError(res?.error ?? "CredentialsSignin");
        if (res?.error === "totp_required" || res?.error === "totp_invalid") codeRef.current?.focus();
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
      <div className="field">
        <label htmlFor="code">{t("code")}</label>
        <input
          id="code"
          name="code"
          ref={codeRef}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          maxLength={7}
          aria-invalid={codeError || undefined}
          aria-describedby="code-hint"
        />
        <small id="code-hint" className="muted">
          {t("codeHint")}
        </small>
      </div>
      {message && (
        <p className="form-error" role="alert" data-testid="signin-error" data-error={error ?? undefined}>
          {message}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
