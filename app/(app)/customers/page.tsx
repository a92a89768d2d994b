import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listActiveCustomers } from "@/lib/customers/overview";

export default async function CustomersPage() {
  await requireRole("admin", "analyst");
  const [t, customers] = await Promise.all([getTranslations("customer"), listActiveCustomers()]);
  return (
    <>
      <h1>{t("pick")}</h1>
      <ul className="cards">
        {customers.map((c) => (
          <li key={c.slug}>
            <Link href={`/customers/${c.slug}`}>
              <strong>{c.name}</strong> <span className="muted">{c.slug}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
