import Link from "next/link";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { loadReportsIndex } from "@/lib/reports/page-data";
import { ImageUpload } from "@/components/report/image-upload";
import { createDraftAction } from "./actions";
import "@/components/report/report.css";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ error?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { scope } = await requireCustomer((await params).slug);
  return { title: `月次レポート — ${scope.name} — Mamori` };
}

export default async function ReportsPage({ params, searchParams }: Props) {
  const { user, scope } = await requireCustomer((await params).slug);
  const [t, te, index, { error }] = await Promise.all([getTranslations("reports"), getTranslations("reportErrors"), loadReportsIndex(scope, user), searchParams]);
  const base = `/customers/${scope.slug}/reports`;
  return (
    <>
      <div className="page-head">
        <h1>
          {t("title")} <span className="muted">{scope.name}</span>
        </h1>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {te(error as "invalid")}
        </p>
      )}
      {index.staff && (
        <form action={createDraftAction.bind(null, scope.slug)} className="report-toolbar" data-testid="create-draft">
          <label htmlFor="month">{t("month")}</label>
          <input id="month" name="month" type="month" defaultValue={index.lastClosed} max={index.months[0]} required />
          <button type="submit">{t("openDraft")}</button>
        </form>
      )}
      {index.reports.length === 0 ? (
        <p className="muted">{index.staff ? t("noneStaff") : t("none")}</p>
      ) : (
        <table className="table" data-testid="report-list">
          <thead>
            <tr>
              <th>{t("month")}</th>
              <th>{t("version")}</th>
              <th>{t("status")}</th>
              <th>{t("documentNumber")}</th>
              <th>{t("issuedOn")}</th>
              <th>{t("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {index.reports.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`${base}/${r.month}${index.staff ? `?v=${r.version}` : ""}`}>{r.month}</Link>
                </td>
                <td>v{r.version}</td>
                <td>
                  <span className={`status status-${r.status}`}>{t(`statuses.${r.status}`)}</span>
                </td>
                <td>{r.documentNumber}</td>
                <td>{r.issuedOn ?? "—"}</td>
                <td>
                  <a href={`/api/customers/${scope.slug}/reports/${r.month}/pdf${index.staff ? `?v=${r.version}` : ""}`}>PDF</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {index.staff && (
        <section>
          <h2>{t("diagram.title")}</h2>
          <p className="muted">{t("diagram.hint")}</p>
          {index.diagram && <img className="report-diagram" src={`/api/customers/${scope.slug}/reports/images/${index.diagram.id}`} alt={t("diagram.title")} data-testid="current-diagram" />}
          <ImageUpload url={`/api/customers/${scope.slug}/reports/network-diagram`} accept="image/png,image/jpeg,image/svg+xml" label={t("diagram.file")} testId="diagram-upload" />
        </section>
      )}
    </>
  );
}
