export function JobStatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <span className={`badge job-${status}`} data-testid="job-status" data-status={status}>
      {label}
    </span>
  );
}
