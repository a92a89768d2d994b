import { getTranslations } from "next-intl/server";
import { SignInForm } from "@/components/sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const t = await getTranslations();
  const { callbackUrl } = await searchParams;
  // Only same-site paths: never bounce a user to another origin after sign-in.
  const target = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <main className="container narrow signin">
      <h1>
        <img src="/logo.svg" alt="" width={32} height={32} /> {t("app.name")}
      </h1>
      <p className="muted">{t("app.tagline")}</p>
      <h2>{t("signin.title")}</h2>
      <SignInForm callbackUrl={target} />
    </main>
  );
}
