import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { listInquiryChoices } from "@/lib/tickets/inquiries";
import { listWorkItems } from "@/lib/tickets/work";
import { localDate } from "@/lib/alerts/format";
import { EntityForm } from "@/components/entity-form";
import { StatusBadge } from "@/components/soc/badges";
import { CustomerTabs } from "@/components/soc/customer-tabs";
import { alertChoices, workFields } from "@/components/soc/work-fields";
import { listCustomerAlerts } from "@/lib/alerts/alerts";
import s from "@/components/soc/soc.module.css";
import { createWorkAction } from "../../../inquiries/actions";

type Props = { params: Promise<{ slug: string }> };

export default async function WorkPage({ params }: Props) {
  const { user, scope } = await requireCustomer((await params).slug);
  const staff = user.role !== "customer";
  const [t, items, inquiries, alerts] = await Promise.all([
    getTranslations("work"),
    listWorkItems(scope),
    staff ? listInquiryChoices(scope) : Promise.resolve([]),
    staff ? listCustomerAlerts(scope, { staff: true }, { limit: 100 }) : Promise.resolve([]),
  ]);
  return (
    <>
      <CustomerTabs slug={scope.slug} name={scope.name} current="work" />
      <div className={s.grid}>
        <section>
          <h1>{t("title")}</h1>
          {items.length ? (
            <table className="table" data-testid="work-table">
              <thead>
                <tr>
                  <th>{t("date")}</th>
                  <th>{t("content")}</th>
                  <th>{t("status")}</th>
                  <th>{t("inquiry")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((w) => (
                  <tr key={w.id}>
                    <td className="nowrap">{staff ? <Link href={`/customers/${scope.slug}/work/${w.id}`}>{w.date}</Link> : w.date}</td>
                    <td>{w.content}</td>
                    <td>
                      <StatusBadge status={w.status} label={t(`statuses.${w.status}`)} />
                    </td>
                    <td>{w.inquiryId ? <Link href={`/customers/${scope.slug}/inquiries/${w.inquiryId}`}>{w.inquiryNumber}</Link> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted" data-testid="work-table">
              {t("none")}
            </p>
          )}
        </section>
        {staff && (
          <section className={s.card}>
            <h2>{t("new")}</h2>
            <EntityForm action={createWorkAction.bind(null, scope.slug)} fields={workFields(t as never, inquiries, alertChoices(alerts, scope.timezone), { date: localDate(new Date(), scope.timezone) })} submitLabel={t("create")} />
          </section>
        )}
      </div>
    </>
  );
}
