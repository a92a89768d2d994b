import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { alertFilterSchema, listAlertQueue } from "@/lib/alerts/alerts";
import { ALERT_FUNCTIONS, LEVELS, LEVEL_LABEL, STATUSES } from "@/lib/alerts/constants";
import { listActiveCustomers } from "@/lib/customers/overview";
import { CustomerFilter } from "@/components/customer-filter";
import { AlertTable } from "@/components/soc/alert-table";
import s from "@/components/soc/soc.module.css";

export default async function AlertQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireRole("admin", "analyst");
  const filter = alertFilterSchema.parse(await searchParams);
  const [t, queue, customers] = await Promise.all([getTranslations("alerts"), listAlertQueue(filter), listActiveCustomers()]);
  const pageLink = (page: number) => {
    const q = new URLSearchParams(Object.entries({ ...filter, page: String(page) }).filter(([, v]) => v !== undefined) as [string, string][]);
    return `/alerts?${q}`;
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("queue")}</h1>
        <Link href="/rules">{t("rulesLink")}</Link>
      </div>
      <form className="filters" method="get" data-testid="alert-filters">
        <CustomerFilter customers={customers} value={filter.customer} label={t("customer")} allLabel={t("allCustomers")} />
        <select name="fn" defaultValue={filter.fn ?? ""} aria-label={t("function")}>
          <option value="">{t("allFunctions")}</option>
          {ALERT_FUNCTIONS.map((f) => (
            <option key={f} value={f}>
              {t(`fn.${f}`)}
            </option>
          ))}
        </select>
        <select name="level" defaultValue={filter.level ?? ""} aria-label={t("level")}>
          <option value="">{t("allLevels")}</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {LEVEL_LABEL[l]}
            </option>
          ))}
        </select>
        <select name="status" defaultValue={filter.status ?? "open"} aria-label={t("status")}>
          <option value="open">{t("statuses.open")}</option>
          <option value="all">{t("statuses.all")}</option>
          {STATUSES.map((st) => (
            <option key={st} value={st}>
              {t(`statuses.${st}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t("filter")}</button>
      </form>
      <AlertTable rows={queue.rows} staff testId="alert-queue" />
      <div className={s.pager}>
        {queue.page > 1 && <Link href={pageLink(queue.page - 1)}>{t("newer")}</Link>}
        {queue.more && <Link href={pageLink(queue.page + 1)}>{t("older")}</Link>}
      </div>
    </>
  );
}
