import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { jobPageData } from "@/lib/jobs/jobs";
import { JobStatusBadge } from "@/components/jobs/job-status";
import { AutoRefresh } from "@/components/jobs/auto-refresh";

export default async function AdminJobPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("admin");
  const [t, data] = await Promise.all([getTranslations("jobs"), jobPageData((await params).id)]);
  if (!data) notFound();
  const { job, rejects, rejectsDeleted } = data;
  const active = job.status === "queued" || job.status === "running" || job.status === "retrying";
  const n = (v: number) => v.toLocaleString();
  return (
    <>
      <AutoRefresh active={active} />
      <div className="page-head">
        <h1>
          {t("job", { id: job.id })}: {job.name}
        </h1>
        <Link href="/admin/jobs">{t("back")}</Link>
      </div>
      <dl className="facts" data-testid="job-facts">
        <dt>{t("customer")}</dt>
        <dd>
          <Link href={`/customers/${job.customerSlug}`}>{job.customerName}</Link>
        </dd>
        <dt>{t("status")}</dt>
        <dd>
          <JobStatusBadge status={job.status} label={t(`statuses.${job.status}`)} />
          {job.skipped && <span> {t("skipped")}</span>}
        </dd>
        <dt>{t("progress")}</dt>
        <dd>
          <progress max={100} value={job.percent} aria-label={t("progress")} /> <span data-testid="job-percent">{job.percent}%</span> ({n(job.bytesRead)} / {n(job.sizeBytes)} bytes)
        </dd>
        <dt>{t("lines")}</dt>
        <dd data-testid="job-lines">{n(job.lines)}</dd>
        <dt>{t("accepted")}</dt>
        <dd data-testid="job-accepted">{n(job.accepted)}</dd>
        <dt>{t("other")}</dt>
        <dd data-testid="job-other">{n(job.other)}</dd>
        <dt>{t("rejected")}</dt>
        <dd data-testid="job-rejected">{n(job.rejected)}</dd>
        <dt>{t("attempts")}</dt>
        <dd>{job.attempts}</dd>
        <dt>{t("source")}</dt>
        <dd>{t(`sources.${job.source === "upload" ? "upload" : "cli"}`)}</dd>
        {job.worker && (
          <>
            <dt>{t("worker")}</dt>
            <dd>{job.worker}</dd>
          </>
        )}
        {job.error && (
          <>
            <dt>{t("error")}</dt>
            <dd className="form-error">{job.error}</dd>
          </>
        )}
      </dl>
      <section>
        <div className="page-head">
          <h2>{t("rejects.title")}</h2>
          {rejects.length > 0 && (
            <a className="button" href={`/api/admin/jobs/${job.id}/rejects`} download data-testid="rejects-download">
              {t("rejects.download")}
            </a>
          )}
        </div>
        {rejects.length ? (
          <table className="table" data-testid="rejects-table">
            <thead>
              <tr>
                <th>{t("rejects.line")}</th>
                <th>{t("rejects.reason")}</th>
                <th>{t("rejects.excerpt")}</th>
              </tr>
            </thead>
            <tbody>
              {rejects.map((r) => (
                <tr key={r.lineNo}>
                  <td>{r.lineNo}</td>
                  <td>{r.reason}</td>
                  <td>
                    <code>{r.excerpt}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p data-testid="rejects-empty">{rejectsDeleted ? t("rejects.deleted", { total: job.rejected }) : t("rejects.none")}</p>
        )}
        {rejects.length > 0 && job.rejected > rejects.length && <p>{t("rejects.more", { shown: rejects.length, total: job.rejected })}</p>}
      </section>
    </>
  );
}
