import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { getUserById } from "@/lib/users/users";
import { listActiveCustomers } from "@/lib/customers/overview";
import { EntityForm } from "@/components/entity-form";
import { userFields } from "@/components/admin-fields";
import { resetPasswordAction, resetTwoFactorAction, updateUserAction } from "../../actions";

export default async function EditUserPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("admin");
  const { id } = await params;
  const user = /^[0-9a-f-]{36}$/.test(id) ? await getUserById(id) : null;
  if (!user) notFound();
  const [t, customers] = await Promise.all([getTranslations(), listActiveCustomers()]);
  return (
    <>
      <h1>{user.email}</h1>
      <EntityForm action={updateUserAction.bind(null, user.id)} fields={userFields(t as never, customers, user)} submitLabel={t("common.save")} savedMessage={t("common.saved")} />
      <h2>{t("user.resetPassword")}</h2>
      <EntityForm
        action={resetPasswordAction.bind(null, user.id)}
        fields={[{ name: "password", label: t("user.newPassword"), type: "password" }]}
        submitLabel={t("user.resetPassword")}
        savedMessage={t("user.passwordReset")}
      />
      <h2>{t("user.twoFactor")}</h2>
      <p data-testid="user-two-factor">{user.totpEnabledAt ? t("user.twoFactorOn") : t("user.twoFactorOff")}</p>
      {user.totpEnabledAt && (
        <EntityForm action={resetTwoFactorAction.bind(null, user.id)} fields={[]} submitLabel={t("user.resetTwoFactor")} savedMessage={t("user.twoFactorReset")} />
      )}
    </>
  );
}
