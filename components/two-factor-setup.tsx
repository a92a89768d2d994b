import { getFormatter, getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/forms";
import type { TotpEnrolment } from "@/lib/users/two-factor";
import { EntityForm } from "./entity-form";

/** Two-factor status, or the QR code / secret and the confirm-with-a-code form. */
export async function TwoFactorSetup({
  status,
  enrolment,
  confirm,
}: {
  status: { enabled: boolean; enabledAt: Date | null };
  enrolment: TotpEnrolment | null;
  confirm: (prev: FormState, data: FormData) => Promise<FormState>;
}) {
  const [t, format] = await Promise.all([getTranslations("settings"), getFormatter()]);
  if (status.enabled) {
    return (
      <section data-testid="two-factor" data-enabled="true">
        <p>{t("twoFactorOn", { since: status.enabledAt ? format.dateTime(status.enabledAt, { dateStyle: "medium" }) : "—" })}</p>
        <p className="muted">{t("lostPhone")}</p>
      </section>
    );
  }
  return (
    <section data-testid="two-factor" data-enabled="false">
      <p>{t("twoFactorOff")}</p>
      {enrolment && (
        <>
          <p>{t("scan")}</p>
          <img
            src={`data:image/svg+xml;base64,${Buffer.from(enrolment.qrSvg).toString("base64")}`}
            alt="QR code"
            width={200}
            height={200}
            data-testid="totp-qr"
          />
          <dl>
            <dt>{t("secret")}</dt>
            <dd>
              <code data-testid="totp-secret">{enrolment.secret}</code>
            </dd>
            <dt>{t("uri")}</dt>
            <dd>
              <code data-testid="totp-uri" style={{ wordBreak: "break-all" }}>
                {enrolment.uri}
              </code>
            </dd>
          </dl>
          <EntityForm action={confirm} fields={[{ name: "code", label: t("code"), required: true }]} submitLabel={t("confirm")} savedMessage={t("enabled")} />
        </>
      )}
    </section>
  );
}
