import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReportPageData } from "@/lib/reports/page-data";

// Status, versions and the lifecycle buttons above a report; the download and print links.

type Transition = (slug: string, month: string, reportId: string, action: "submit" | "return" | "publish" | "reopen") => Promise<void>;

export async function ReportToolbar({ page, slug, error, editing, transition }: { page: ReportPageData; slug: string; error?: string; editing?: boolean; transition: Transition }) {
  const [t, te] = await Promise.all([getTranslations("reports"), getTranslations("reportErrors")]);
  const r = page.report;
  const staff = page.audience === "staff";
  const base = `/customers/${slug}/reports/${r.month}`;
  const q = `?v=${r.version}`;
  const act = (action: "submit" | "return" | "publish" | "reopen", label: string, cls?: string) => (
    <form action={transition.bind(null, slug, r.month, r.id, action)}>
      <button type="submit" className={cls} data-testid={`report-${action}`}>
        {label}
      </button>
    </form>
  );
  const newest = page.versions[0]?.version === r.version;
  return (
    <div className="report-toolbar" data-testid="report-toolbar">
      <strong>{r.month}</strong>
      <span className={`status status-${r.status}`} data-testid="report-status">
        {t(`statuses.${r.status}`)}
      </span>
      <span className="muted">
        v{r.version} · {r.documentNumber}
      </span>
      {page.versions.length > 1 &&
        page.versions
          .filter((x) => x.version !== r.version)
          .map((x) => (
            <Link key={x.id} href={`${base}?v=${x.version}`} className="muted">
              v{x.version}
            </Link>
          ))}
      <span className="spacer" />
      {error && (
        <span className="form-error" role="alert">
          {te(error as "invalid")}
        </span>
      )}
      {page.editable && !editing && (
        <Link href={`${base}/edit${q}`} className="button" data-testid="report-edit">
          {t("edit")}
        </Link>
      )}
      {editing && (
        <Link href={`${base}${q}`} className="button secondary" data-testid="report-preview">
          {t("preview")}
        </Link>
      )}
      {page.editable && r.status === "draft" && act("submit", t("submit"))}
      {page.editable && r.status === "review" && act("return", t("return"), "secondary")}
      {page.editable && r.status === "review" && act("publish", t("publish"))}
      {staff && r.status === "published" && newest && act("reopen", t("reopen"), "secondary")}
      <a className="button secondary" href={`/api/customers/${slug}/reports/${r.month}/pdf${staff ? q : ""}`} data-testid="report-pdf" download>
        {t("downloadPdf")}
      </a>
      <Link className="button secondary" href={`${base}/print${staff ? q : ""}`} data-testid="report-print" target="_blank">
        {t("print")}
      </Link>
    </div>
  );
}
