import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { filterQuery } from "@/lib/db/keyset";
import { JOB_STATUSES, jobsFilterSchema, jobsPageData } from "@/lib/jobs/jobs";
import { CustomerFilter, FilterSelect } from "@/components/filter-select";
import { LogUploadForm } from "@/components/jobs/upload-form";
import { JobStatusBadge } from "@/components/jobs/job-status";
import { AutoRefresh } from "@/components/jobs/auto-refresh";

export default async function AdminJobsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireRole("admin");
  const filter = jobsFilterSchema.parse(await searchParams);
  const [t, { jobs, nextBefore, customers, policy }] = await Promise.all([getTranslations("jobs"), jobsPageData(filter)]);
  const older = filterQuery(filter, { before: nextBefore });
  const active = jobs.some((j) => j.status === "queued" || j.status === "running" || j.status === "retrying");
  return (
    <>
      <AutoRefresh active={active} ms={3000} />
      <div className="page-head">
        <h1>{t("title")}</h1>
      </div>
      <section>
        <h2>{t("upload.title")}</h2>
        <LogUploadForm customers={customers} />
      </section>
      <section>
        <h2>{t("list")}</h2>
        <form className="filters" method="get" data-testid="jobs-filter">
          <CustomerFilter customers={customers} value={filter.customer} label={t("customer")} allLabel={t("allCustomers")} />
          <FilterSelect name="status" value={filter.status} label={t("status")} all={t("allStatuses")} options={JOB_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))} />
          <button type="submit">{t("filter")}</button>
        </form>
        <table className="table" data-testid="jobs-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("customer")}</th>
              <th>{t("file")}</th>
              <th>{t("status")}</th>
              <th>{t("progress")}</th>
              <th>{t("lines")}</th>
              <th>{t("accepted")}</th>
              <th>{t("rejected")}</th>
              <th>{t("created")}</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id} data-job-id={j.id}>
                <td>
                  <Link href={`/admin/jobs/${j.id}`}>{j.id}</Link>
                </td>
                <td>{j.customerName}</td>
                <td>
                  <Link href={`/admin/jobs/${j.id}`}>{j.name}</Link>
                </td>
                <td>
                  <JobStatusBadge status={j.status} label={t(`statuses.${j.status}`)} />
                </td>
                <td>{j.percent}%</td>
                <td>{j.lines.toLocaleString()}</td>
                <td>{j.accepted.toLocaleString()}</td>
                <td>{j.rejected.toLocaleString()}</td>
                <td>{j.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!jobs.length && <p>{filter.customer || filter.status || filter.before ? t("noMatch") : t("empty")}</p>}
        {nextBefore && (
          <p>
            <Link href={`/admin/jobs?${older}`} data-testid="jobs-older">
              {t("older")}
            </Link>
          </p>
        )}
      </section>
      <section data-testid="retention-policy">
        <h2>{t("retention.title")}</h2>
        {policy ? (
          <p>
            {t("retention.policy", { traffic: policy.traffic, threat: policy.threat, other: policy.other, cron: policy.cron })}
          </p>
        ) : (
          <p className="form-error">{t("retention.invalid")}</p>
        )}
        <p>
          <small>{t("retention.how")}</small>
        </p>
      </section>
    </>
  );
}
