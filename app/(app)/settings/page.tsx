import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/guard";
import { setLocaleAction } from "./actions";

export default async function SettingsPage() {
  const user = await requireUser();
  const t = await getTranslations("settings");
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
    </>
  );
}
