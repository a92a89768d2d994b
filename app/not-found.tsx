import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <main className="container narrow">
      <h1>404 — {t("notFound")}</h1>
      <p>{t("notFoundText")}</p>
      <Link href="/">{t("back")}</Link>
    </main>
  );
}
