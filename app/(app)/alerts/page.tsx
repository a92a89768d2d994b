import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { alertFilterSchema, listAlertQueue } from "@/lib/alerts/alerts";
import { ALERT_FUNCTIONS, LEVELS, LEVEL_LABEL, STATUSES } from "@/lib/alerts/constants";
import { listActiveCustomers } from "@/lib/customers/overview";
import { CustomerFilter, FilterSelect } from "@/components/filter-select";
import { AlertTable } from "@/components/soc/alert-table";
import s from "@/components/soc/soc.module.css";
import { filterQuery } from "@/lib/db/keyset";

export default async function AlertQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireRole("admin", "analyst");
  const filter = alertFilterSchema.parse(await searchParams);
  const [t, queue, customers] = await Promise.all([getTranslations("alerts"), listAlertQueue(filter), listActiveCustomers()]);
  const pageLink = (page: number) => `/alerts?${filterQuery(filter, { page })}`;
  return (
    <>
      <div className="page-head">
        <h1>{t("queue")}</h1>
        <Link href="/rules">{t("rulesLink")}</Link>
      </div>
      <form className="filters" method="get" data-testid="alert-filters">
        <CustomerFilter customers={customers} value={filter.customer} label={t("customer")} allLabel={t("allCustomers")} />
        <FilterSelect name="fn" value={filter.fn} label={t("function")} all={t("allFunctions")} options={ALERT_FUNCTIONS.map((f) => ({ value: f, label: t(`fn.${f}`) }))} />
        <FilterSelect name="level" value={filter.level} label={t("level")} all={t("allLevels")} options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))} />
        <FilterSelect
          name="status"
          value={filter.status ?? "open"}
          label={t("status")}
          options={(["open", "all", ...STATUSES] as const).map((st) => ({ value: st, label: t(`statuses.${st}`) }))}
        />
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
