import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { listAlertChoices } from "@/lib/alerts/alerts";
import { localDateTime } from "@/lib/alerts/format";
import { listInquiries } from "@/lib/tickets/inquiries";
import { EntityForm } from "@/components/entity-form";
import { StatusBadge } from "@/components/soc/badges";
import { CustomerTabs } from "@/components/soc/customer-tabs";
import s from "@/components/soc/soc.module.css";
import { createInquiryAction } from "../../../inquiries/actions";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ alert?: string }> };

export default async function CustomerInquiriesPage({ params, searchParams }: Props) {
  const { user, scope } = await requireCustomer((await params).slug);
  const staff = user.role !== "customer";
  const [t, inquiries, alerts] = await Promise.all([getTranslations("inquiries"), listInquiries(scope), staff ? Promise.resolve([]) : listAlertChoices(scope)]);
  const about = (await searchParams).alert ?? "";
  return (
    <>
      <CustomerTabs slug={scope.slug} name={scope.name} current="inquiries" />
      <div className={s.grid}>
        <section>
          <h1>{t("title")}</h1>
          {inquiries.length ? (
            <table className="table" data-testid="inquiries-table">
              <thead>
                <tr>
                  <th>{t("number")}</th>
                  <th>{t("askedAt")}</th>
                  <th>{t("subject")}</th>
                  <th>{t("status")}</th>
                </tr>
              </thead>
              <tbody>
                {inquiries.map((q) => (
                  <tr key={q.id}>
                    <td className="nowrap">
                      <Link href={`/customers/${scope.slug}/inquiries/${q.id}`}>{q.number}</Link>
                    </td>
                    <td className="nowrap">{localDateTime(q.createdAt, scope.timezone, { seconds: false })}</td>
                    <td>{q.subject}</td>
                    <td>
                      <StatusBadge status={q.status} label={t(`statuses.${q.status}`)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted" data-testid="inquiries-table">
              {t("none")}
            </p>
          )}
        </section>
        {!staff && (
          <section className={s.card}>
            <h2>{t("new")}</h2>
            <EntityForm
              action={createInquiryAction.bind(null, scope.slug)}
              fields={[
                { name: "subject", label: t("subject") },
                { name: "body", label: t("body"), type: "textarea" },
                {
                  name: "alertId",
                  label: t("alert"),
                  type: "select",
                  defaultValue: alerts.some((a) => a.id === about) ? about : "",
                  options: [{ value: "", label: t("noAlert") }, ...alerts.map((a) => ({ value: a.id, label: `${a.notification?.number ?? ""} ${localDateTime(a.firstAt, scope.timezone, { seconds: false })} ${a.eventName}` }))],
                },
              ]}
              submitLabel={t("submit")}
            />
          </section>
        )}
      </div>
    </>
  );
}
