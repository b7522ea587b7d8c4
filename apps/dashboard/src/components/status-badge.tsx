import type { RunStatus } from "../run-view/run-summary.ts";

const LABELS: Record<RunStatus, string> = {
  running: "running",
  ok: "ok",
  error: "error",
  limit: "limit hit",
};

export function StatusBadge({ status, title }: { status: RunStatus; title?: string | undefined }) {
  return (
    <span className={`badge badge-${status}`} title={title} data-status={status}>
      {LABELS[status]}
    </span>
  );
}
