import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { localDateTime } from "@/lib/alerts/format";
import { inquiryFilterSchema, listInquiryQueue, INQUIRY_STATUSES } from "@/lib/tickets/inquiries";
import { StatusBadge } from "@/components/soc/badges";
import { FilterSelect } from "@/components/filter-select";

export default async function InquiryQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireRole("admin", "analyst");
  const filter = inquiryFilterSchema.parse(await searchParams);
  const [t, rows] = await Promise.all([getTranslations("inquiries"), listInquiryQueue(filter)]);
  return (
    <>
      <h1>{t("queue")}</h1>
      <form className="filters" method="get">
        <FilterSelect
          name="status"
          value={filter.status}
          label={t("status")}
          options={(["unanswered", "all", ...INQUIRY_STATUSES] as const).map((st) => ({ value: st, label: t(`statuses.${st}`) }))}
        />
        <button type="submit">{t("filter")}</button>
      </form>
      {rows.length ? (
        <table className="table" data-testid="inquiry-queue">
          <thead>
            <tr>
              <th>{t("number")}</th>
              <th>{t("askedAt")}</th>
              <th>{t("customer")}</th>
              <th>{t("subject")}</th>
              <th>{t("status")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((q) => (
              <tr key={q.id}>
                <td className="nowrap">
                  <Link href={`/customers/${q.customer.slug}/inquiries/${q.id}`}>{q.number}</Link>
                </td>
                <td className="nowrap">{localDateTime(q.createdAt, q.customer.timezone, { seconds: false })}</td>
                <td>{q.customer.name}</td>
                <td>{q.subject}</td>
                <td>
                  <StatusBadge status={q.status} label={t(`statuses.${q.status}`)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted" data-testid="inquiry-queue">
          {t("none")}
        </p>
      )}
    </>
  );
}
