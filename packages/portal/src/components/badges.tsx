import type { DriftStatus, RunSource } from '../api.js';

export function DriftBadge({ drift }: { drift: DriftStatus }) {
  const label = { 'in-sync': 'in sync', drifted: 'drifted', unknown: 'drift unchecked' }[
    drift.status
  ];
  return (
    <span
      className={`badge drift-${drift.status}`}
      title={drift.checkedAt ? `checked ${drift.checkedAt}` : undefined}
    >
      {label}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge status-${status}`} data-testid="status">
      {status}
    </span>
  );
}

export function When({ time }: { time: string }) {
  return <time dateTime={time}>{new Date(time).toLocaleString()}</time>;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${String(Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Where a run's configuration came from: a git source's ref at a commit (full id on hover). */
export function SourceCommit({ source }: { source: RunSource }) {
  return (
    <span data-testid="run-commit" title={`${source.url} ${source.commit}`}>
      {source.name} {source.ref} @ <code>{source.commit.slice(0, 12)}</code>
    </span>
  );
}
