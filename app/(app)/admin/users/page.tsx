import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listUsers } from "@/lib/users/users";

export default async function AdminUsersPage() {
  await requireRole("admin");
  const [t, format, users] = await Promise.all([getTranslations(), getFormatter(), listUsers()]);
  return (
    <>
      <div className="page-head">
        <h1>{t("user.title")}</h1>
        <Link className="button" href="/admin/users/new">
          {t("user.new")}
        </Link>
      </div>
      <table className="table" data-testid="users-table">
        <thead>
          <tr>
            <th>{t("user.email")}</th>
            <th>{t("user.name")}</th>
            <th>{t("user.role")}</th>
            <th>{t("device.customer")}</th>
            <th>{t("user.lastSignIn")}</th>
            <th>{t("user.twoFactor")}</th>
            <th>{t("common.status")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>
                <Link href={`/admin/users/${u.id}`}>{u.email}</Link>
              </td>
              <td>{u.name}</td>
              <td>{t(`roles.${u.role}`)}</td>
              <td>{u.customer?.name ?? "—"}</td>
              <td>{u.lastSignInAt ? format.dateTime(u.lastSignInAt, { dateStyle: "medium", timeStyle: "short" }) : "—"}</td>
              <td>{u.totpEnabledAt ? t("user.twoFactorOn") : t("user.twoFactorOff")}</td>
              <td>{u.disabled ? t("common.disabled") : t("common.enabled")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
