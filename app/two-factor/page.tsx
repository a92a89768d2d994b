import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { mustEnrolTwoFactor, requireUserForEnrolment } from "@/lib/auth/guard";
import { beginTotpEnrolment, twoFactorStatus } from "@/lib/users/two-factor";
import { TwoFactorSetup } from "@/components/two-factor-setup";
import { SignOutButton } from "@/components/sign-out-button";
import { confirmTotpAction } from "../(app)/settings/actions";

// Staff who signed in without two-factor land here (lib/auth/guard) and can do nothing else until they enrol.
export default async function TwoFactorEnrolPage() {
  const user = await requireUserForEnrolment();
  if (!mustEnrolTwoFactor(user)) redirect("/settings");
  const [t, tn, status, enrolment] = await Promise.all([getTranslations("settings"), getTranslations("nav"), twoFactorStatus(user.id), beginTotpEnrolment(user.id)]);
  return (
    <main className="container narrow signin">
      <h1>{t("twoFactor")}</h1>
      <p role="status">{t("twoFactorRequired")}</p>
      <TwoFactorSetup status={status} enrolment={enrolment} confirm={confirmTotpAction.bind(null, "/")} />
      <p>
        <SignOutButton label={tn("signOut")} />
      </p>
    </main>
  );
}
