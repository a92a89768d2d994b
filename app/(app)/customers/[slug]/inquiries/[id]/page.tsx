import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { localDateTime } from "@/lib/alerts/format";
import { getInquiry, INQUIRY_STATUSES } from "@/lib/tickets/inquiries";
import { EntityForm } from "@/components/entity-form";
import { StatusBadge } from "@/components/soc/badges";
import { CustomerTabs } from "@/components/soc/customer-tabs";
import s from "@/components/soc/soc.module.css";
import { replyInquiryAction } from "../../../../inquiries/actions";

type Props = { params: Promise<{ slug: string; id: string }> };

export default async function InquiryPage({ params }: Props) {
  const { slug, id } = await params;
  const { user, scope } = await requireCustomer(slug);
  const staff = user.role !== "customer";
  const q = await getInquiry(scope, id);
  if (!q) notFound();
  const t = await getTranslations("inquiries");
  const statusOptions = INQUIRY_STATUSES.map((v) => ({ value: v, label: t(`statuses.${v}`) }));
  return (
    <>
      <CustomerTabs slug={scope.slug} name={scope.name} current="inquiries" />
      <h1>
        <span data-testid="inquiry-number">{q.number}</span> {q.subject}
      </h1>
      <p>
        <StatusBadge status={q.status} label={t(`statuses.${q.status}`)} />{" "}
        {q.alert && (
          <>
            {t("about")}{" "}
            <Link href={`/customers/${scope.slug}/alerts/${q.alert.id}`}>
              {q.alert.notification?.number ?? ""} {q.alert.eventName}
            </Link>
          </>
        )}
      </p>
      <ul className={s.thread} data-testid="inquiry-thread">
        <li className={`${s.message} ${s.customer}`}>
          <div className={s.meta}>
            {q.createdByEmail} · {localDateTime(q.createdAt, scope.timezone, { seconds: false })}
          </div>
          <p className={s.body}>{q.body}</p>
        </li>
        {q.messages.map((m) => (
          <li key={m.id} className={`${s.message} ${m.fromStaff ? s.staff : s.customer}`} data-from={m.fromStaff ? "staff" : "customer"}>
            <div className={s.meta}>
              {m.fromStaff ? t("soc") : m.authorEmail} · {localDateTime(m.createdAt, scope.timezone, { seconds: false })}
            </div>
            <p className={s.body}>{m.body}</p>
          </li>
        ))}
      </ul>
      <div className={s.grid}>
        <section className={s.card}>
          <h2>{staff ? t("answer") : t("reply")}</h2>
          <EntityForm
            action={replyInquiryAction.bind(null, scope.slug, q.id)}
            fields={[
              { name: "body", label: staff ? t("answerBody") : t("replyBody"), type: "textarea" },
              ...(staff ? [{ name: "status", label: t("statusAfter"), type: "select" as const, defaultValue: "done", options: statusOptions }] : []),
            ]}
            submitLabel={staff ? t("sendAnswer") : t("sendReply")}
          />
        </section>
      </div>
    </>
  );
}
