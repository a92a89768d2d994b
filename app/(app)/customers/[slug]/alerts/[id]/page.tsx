import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { getAlert } from "@/lib/alerts/alerts";
import { LEVELS, LEVEL_LABEL } from "@/lib/alerts/constants";
import { localDateTime } from "@/lib/alerts/format";
import { EntityForm } from "@/components/entity-form";
import { AlertEvents, AlertFacts } from "@/components/soc/alert-detail";
import { CustomerTabs } from "@/components/soc/customer-tabs";
import s from "@/components/soc/soc.module.css";
import { noteAlertAction, notifyAlertAction, resendNotificationAction, triageAlertAction } from "../../../../alerts/actions";

type Props = { params: Promise<{ slug: string; id: string }> };

export default async function AlertPage({ params }: Props) {
  const { slug, id } = await params;
  const { user, scope } = await requireCustomer(slug);
  const staff = user.role !== "customer";
  const alert = await getAlert(scope, id, { staff });
  if (!alert) notFound();
  const t = await getTranslations("alerts");
  const open = alert.status === "new" || alert.status === "investigating";
  return (
    <>
      <CustomerTabs slug={scope.slug} name={scope.name} current="alerts" />
      <h1 data-testid="alert-title">{alert.eventName}</h1>
      <div className={s.grid}>
        <section>
          <AlertFacts alert={alert} timezone={scope.timezone} staff={staff} />
          {!staff && (
            <p>
              <Link className="button" href={`/customers/${scope.slug}/inquiries?alert=${alert.id}`}>
                {t("ask")}
              </Link>
            </p>
          )}
        </section>
        {staff && (
          <section className={s.card}>
            {open && (
              <>
                <h2>{t("notify")}</h2>
                <p className="muted">{t("notifyHint")}</p>
                <div data-testid="notify-form">
                  <EntityForm action={notifyAlertAction.bind(null, scope.slug, alert.id)} fields={[{ name: "analysis", label: t("analysis"), type: "textarea" }]} submitLabel={t("notifySubmit")} />
                </div>
              </>
            )}
            {alert.notification && alert.notification.mailStatus !== "sent" && (
              <EntityForm action={resendNotificationAction.bind(null, scope.slug, alert.id)} fields={[]} submitLabel={t("resend")} savedMessage={t("resent")} />
            )}
            {alert.status !== "notified" && (
              <>
                <h2>{t("triage")}</h2>
                <div data-testid="triage-form">
                  <EntityForm
                    action={triageAlertAction.bind(null, scope.slug, alert.id)}
                    fields={[
                      { name: "status", label: t("status"), type: "select", defaultValue: alert.status, options: ["new", "investigating", "closed"].map((v) => ({ value: v, label: t(`statuses.${v}`) })) },
                      { name: "closeReason", label: t("closeReason"), type: "select", defaultValue: alert.closeReason ?? "", options: [{ value: "", label: "—" }, ...["false_positive", "no_impact"].map((v) => ({ value: v, label: t(`closeReasons.${v}`) }))] },
                      { name: "level", label: t("level"), type: "select", defaultValue: alert.level, options: LEVELS.map((l) => ({ value: l, label: LEVEL_LABEL[l] })) },
                    ]}
                    submitLabel={t("save")}
                    savedMessage={t("saved")}
                  />
                </div>
              </>
            )}
            <h2>{t("notes")}</h2>
            {"notes" in alert && alert.notes?.length ? (
              <ul className={s.thread} data-testid="alert-notes">
                {alert.notes.map((n) => (
                  <li key={n.id} className={s.message}>
                    <div className={s.meta}>
                      {n.authorEmail} · {localDateTime(n.createdAt, scope.timezone, { seconds: false })}
                    </div>
                    <p className={s.body}>{n.body}</p>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("noNotes")}</p>
            )}
            <EntityForm action={noteAlertAction.bind(null, scope.slug, alert.id)} fields={[{ name: "body", label: t("note"), type: "textarea" }]} submitLabel={t("addNote")} />
          </section>
        )}
      </div>
      <AlertEvents alert={alert} timezone={scope.timezone} slug={scope.slug} />
    </>
  );
}
