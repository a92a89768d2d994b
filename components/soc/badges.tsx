import { LEVEL_LABEL, type Level } from "@/lib/alerts/constants";
import s from "./soc.module.css";

export function LevelBadge({ level }: { level: string }) {
  return (
    <span className={`${s.level} ${s[level] ?? ""}`} data-level={level}>
      {LEVEL_LABEL[level as Level] ?? level}
    </span>
  );
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <span className={`${s.status} ${s[`status_${status}`] ?? ""}`} data-status={status}>
      {label}
    </span>
  );
}
