import Link from "next/link";
import { getTranslations } from "next-intl/server";
import s from "./soc.module.css";

/** Sub-navigation of one customer's pages (overview, alerts, inquiries, work). */
export async function CustomerTabs({ slug, name, current }: { slug: string; name: string; current: "alerts" | "inquiries" | "work" }) {
  const t = await getTranslations("soc");
  const tabs = [
    { key: "overview", href: `/customers/${slug}`, label: t("tabs.overview") },
    { key: "alerts", href: `/customers/${slug}/alerts`, label: t("tabs.alerts") },
    { key: "inquiries", href: `/customers/${slug}/inquiries`, label: t("tabs.inquiries") },
    { key: "work", href: `/customers/${slug}/work`, label: t("tabs.work") },
  ];
  return (
    <>
      <p className="muted" data-testid="soc-customer-name">
        {name}
      </p>
      <nav className={s.tabs}>
        {tabs.map((tab) => (
          <Link key={tab.key} href={tab.href} aria-current={tab.key === current ? "page" : undefined}>
            {tab.label}
          </Link>
        ))}
      </nav>
    </>
  );
}
