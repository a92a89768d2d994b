import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/guard";
import { beginTotpEnrolment, twoFactorStatus } from "@/lib/users/two-factor";
import { TwoFactorSetup } from "@/components/two-factor-setup";
import { EntityForm } from "@/components/entity-form";
import { changePasswordAction, confirmTotpAction, setLocaleAction } from "./actions";

export default async function SettingsPage() {
  const user = await requireUser();
  const t = await getTranslations("settings");
  const status = await twoFactorStatus(user.id);
  const enrolment = status.enabled ? null : await beginTotpEnrolment(user.id);
  return (
    <>
      <h1>{t("title")}</h1>
      <form action={setLocaleAction} className="form">
        <div className="field">
          <label htmlFor="locale">{t("language")}</label>
          <select id="locale" name="locale" defaultValue={user.locale}>
            <option value="ja">{t("ja")}</option>
            <option value="en">{t("en")}</option>
          </select>
        </div>
        <button type="submit">OK</button>
      </form>
      <h2>{t("password")}</h2>
      <EntityForm
        action={changePasswordAction}
        fields={[
          { name: "current", label: t("currentPassword"), type: "password" },
          { name: "password", label: t("newPassword"), type: "password", hint: t("passwordHint") },
          { name: "confirm", label: t("confirmPassword"), type: "password" },
        ]}
        submitLabel={t("changePassword")}
      />
      <h2>{t("twoFactor")}</h2>
      <TwoFactorSetup status={status} enrolment={enrolment} confirm={confirmTotpAction.bind(null, null)} />
    </>
  );
}
