import type { FieldDef } from "../entity-form";
import { localDateTime } from "@/lib/alerts/format";

type T = (key: string) => string;

/** Fields of the work item form (new and edit). */
export function workFields(
  t: T,
  inquiries: { id: string; number: string; subject: string }[],
  alerts: { id: string; label: string }[],
  w: { date?: string; content?: string; status?: string; inquiryId?: string; alertId?: string } = {},
): FieldDef[] {
  return [
    { name: "date", label: t("date"), defaultValue: w.date, placeholder: "2021-12-10" },
    { name: "content", label: t("content"), type: "textarea", defaultValue: w.content, placeholder: "監視機器に特定のサイト(2件)への通信を遮断する設定を追加" },
    { name: "status", label: t("status"), type: "select", defaultValue: w.status ?? "done", options: ["done", "in_progress", "open"].map((v) => ({ value: v, label: t(`statuses.${v}`) })) },
    { name: "inquiryId", label: t("inquiry"), type: "select", defaultValue: w.inquiryId ?? "", options: [{ value: "", label: "—" }, ...inquiries.map((q) => ({ value: q.id, label: `${q.number} ${q.subject}` }))] },
    { name: "alertId", label: t("alert"), type: "select", defaultValue: w.alertId ?? "", options: [{ value: "", label: "—" }, ...alerts.map((a) => ({ value: a.id, label: a.label }))] },
  ];
}

/** Alerts as choices: "TR… 2021-12-04 09:43 event". */
export function alertChoices(alerts: { id: string; eventName: string; firstAt: Date; notification: { number: string } | null }[], timezone: string) {
  return alerts.map((a) => ({ id: a.id, label: `${a.notification?.number ?? ""} ${localDateTime(a.firstAt, timezone, { seconds: false })} ${a.eventName}`.trim() }));
}
