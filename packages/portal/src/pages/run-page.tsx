import { useEffect, useState } from 'react';
import { api, ApiError, followRun } from '../api.js';
import type { Me, RunEvent, RunRecord } from '../api.js';
import { SourceCommit, StatusBadge } from '../components/badges.js';
import { ResourceChange } from '../components/diff-list.js';
import { href } from '../route.js';
import { canRunIn, startRun } from '../start-run.js';

/**
 * A run, live: its log as it streams, progress like the CLI's (`3/5 done`), then its outcome —
 * for a preview, the plan and (for deployers) a deploy behind a confirmation.
 */
export function RunPage({ id, me }: { id: string; me: Me }) {
  const [run, setRun] = useState<RunRecord>();
  const [events, setEvents] = useState<RunEvent[]>([]);
  const [isConfirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setEvents([]);
    api<RunRecord>(`/api/runs/${id}`).then(setRun, (caught: unknown) => {
      setError(String(caught));
    });
    return followRun(
      id,
      (event) => {
        setEvents((seen) => (seen.some((e) => e.seq === event.seq) ? seen : [...seen, event]));
        setRun((current) =>
          current && current.status === 'queued' ? { ...current, status: 'running' } : current,
        );
      },
      setRun,
    );
  }, [id]);
  if (error) return <p className="error">{error}</p>;
  if (!run) return <p className="muted">Loading…</p>;

  const total = Number(events.find((e) => e.code === 'APPLY_START')?.data?.total ?? 0);
  const done = events.filter((e) => e.code === 'RESOURCE_DONE').length;
  const inFlight = events
    .filter((e) => e.code === 'RESOURCE_START')
    .map((e) => String(e.data?.id))
    .filter(
      (resource) => !events.some((e) => e.code === 'RESOURCE_DONE' && e.data?.id === resource),
    );
  const plan = run.kind === 'preview' ? run.result : run.result?.plan;
  const changes = (plan?.changes ?? []).filter((c) => c.action !== 'UnChanged');
  const isOver = ['succeeded', 'failed', 'cancelled'].includes(run.status);
  const scope = { project: run.project, stack: run.stack, workspace: run.workspace };

  const deploy = (): void => {
    startRun('deploy', scope).catch((caught: unknown) => {
      setError(
        caught instanceof ApiError ? `${caught.message}. ${caught.hint ?? ''}` : String(caught),
      );
    });
  };
  const cancel = (): void => {
    api(`/api/runs/${run.id}/cancel`, { method: 'POST' }).catch(() => undefined);
  };

  return (
    <>
      <p className="crumbs">
        <a href={href({ page: 'workspaces' })}>Workspaces</a> /{' '}
        <a href={href({ page: 'workspace', workspace: run.workspace })}>{run.workspace}</a> /
      </p>
      <h1>
        {run.kind} {run.project}/{run.stack} <StatusBadge status={run.status} />
      </h1>
      <p className="muted">
        started by {run.startedBy} · {new Date(run.createdAt).toLocaleString()}
        {run.source && (
          <>
            {' · from '}
            <SourceCommit source={run.source} />
          </>
        )}
        {run.worker && ` · on ${run.worker}`}
        {!isOver && canRunIn(me, run.workspace) && (
          <button className="secondary" onClick={cancel}>
            Cancel
          </button>
        )}
      </p>
      {total > 0 && (
        <div className="progress" data-testid="progress">
          <div className="bar" style={{ width: `${String(Math.round((done / total) * 100))}%` }} />
          <span>
            {done}/{total} done{inFlight.length > 0 ? ` · in flight: ${inFlight.join(', ')}` : ''}
          </span>
        </div>
      )}
      {run.error && (
        <p className="error" data-testid="run-error">
          [{run.error.code}] {run.error.message} {run.error.hint}
        </p>
      )}
      {run.status === 'succeeded' &&
        run.result?.revision !== undefined &&
        run.kind !== 'preview' && (
          <p>
            <a
              data-testid="release-link"
              href={href({ page: 'release', ...scope, revision: run.result.revision })}
            >
              Release #{run.result.revision}
            </a>
          </p>
        )}
      {plan && (
        <section>
          <h2>Plan</h2>
          {changes.length === 0 ? (
            <p className="muted">No changes.</p>
          ) : (
            <ul className="changes">
              {changes.map((c) => (
                <ResourceChange key={c.id} {...c} />
              ))}
            </ul>
          )}
        </section>
      )}
      {run.kind === 'preview' &&
        run.status === 'succeeded' &&
        changes.length > 0 &&
        canRunIn(me, run.workspace) && (
          <section className="confirm">
            {isConfirming ? (
              <>
                <p>
                  Deploy {changes.length} change{changes.length === 1 ? '' : 's'} to workspace{' '}
                  <strong>{run.workspace}</strong>?
                </p>
                <button data-testid="confirm-deploy" onClick={deploy}>
                  Yes, deploy
                </button>
                <button
                  className="secondary"
                  onClick={() => {
                    setConfirming(false);
                  }}
                >
                  No
                </button>
              </>
            ) : (
              <button
                data-testid="deploy"
                onClick={() => {
                  setConfirming(true);
                }}
              >
                Deploy…
              </button>
            )}
          </section>
        )}
      <h2>Log</h2>
      <pre className="log" data-testid="log">
        {events.map((e) => `${e.time.slice(11, 19)} ${e.message}`).join('\n')}
      </pre>
    </>
  );
}
