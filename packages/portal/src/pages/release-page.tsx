import { useEffect, useState } from 'react';
import { followRun, stackPath } from '../api.js';
import type { Graph, Release, ReleaseDiff, RunEvent, RunRecord } from '../api.js';
import { formatMs, SourceCommit, StatusBadge, When } from '../components/badges.js';
import { ResourceChange } from '../components/diff-list.js';
import { ResourceGraph } from '../components/resource-graph.js';
import { href } from '../route.js';
import { useApi } from '../use-api.js';

interface ReleaseProps {
  workspace: string;
  project: string;
  stack: string;
  revision: number;
}

/** One release: who and when, what changed per resource, the run's log and timings, the graph. */
export function ReleasePage({ workspace, project, stack, revision }: ReleaseProps) {
  const base = stackPath(workspace, project, stack);
  const release = useApi<{ release: Release }>(`${base}/releases/${String(revision)}`);
  const diff = useApi<ReleaseDiff>(
    `${base}/releases/${String(revision - 1)}/diff/${String(revision)}`,
  );
  const graph = useApi<Graph>(`${base}/graph?revision=${String(revision)}`);
  const runs = useApi<{ runs: RunRecord[] }>(
    `/api/runs?workspace=${encodeURIComponent(workspace)}&limit=200`,
  );
  const madeBy = runs.data?.runs.find(
    (r) =>
      r.project === project &&
      r.stack === stack &&
      (r.kind === 'deploy' || r.kind === 'destroy') &&
      r.result?.revision === revision,
  );
  const [log, setLog] = useState<RunEvent[]>([]);
  useEffect(() => {
    if (!madeBy) return;
    setLog([]);
    return followRun(
      madeBy.id,
      (event) => {
        setLog((seen) => [...seen, event]);
      },
      () => undefined,
    );
  }, [madeBy?.id]);

  if (release.error) return <p className="error">{release.error.message}</p>;
  if (!release.data) return <p className="muted">Loading…</p>;
  const r = release.data.release;
  return (
    <>
      <p className="crumbs">
        <a href={href({ page: 'workspaces' })}>Workspaces</a> /{' '}
        <a href={href({ page: 'workspace', workspace })}>{workspace}</a> / {project}/{stack} /
      </p>
      <h1 data-testid="release-title">
        Release #{r.revision} <StatusBadge status={r.phase} />
      </h1>
      <p className="muted">
        {r.operation} by <strong data-testid="release-user">{r.user}</strong> on {r.host} ·{' '}
        <When time={r.createdAt} />
        {madeBy?.source && (
          <>
            {' · from '}
            <SourceCommit source={madeBy.source} />
          </>
        )}
        {revision > 1 && (
          <>
            {' · '}
            <a href={href({ page: 'release', workspace, project, stack, revision: revision - 1 })}>
              previous
            </a>
          </>
        )}
      </p>
      {r.error && <p className="error">{r.error}</p>}
      <section>
        <h2>Changes</h2>
        {diff.data && diff.data.resources.length === 0 && (
          <p className="muted">No resource changed.</p>
        )}
        <ul className="changes">
          {(diff.data?.resources ?? []).map((c) => (
            <ResourceChange key={c.id} id={c.id} type={c.type} action={c.change} diff={c.diff} />
          ))}
        </ul>
      </section>
      <section>
        <h2>Graph</h2>
        {graph.data ? <ResourceGraph graph={graph.data} /> : <p className="muted">Loading…</p>}
      </section>
      {r.timings && (
        <section>
          <h2>Timings</h2>
          <p data-testid="timings">
            total {formatMs(r.timings.totalMs)} ·{' '}
            {Object.entries(r.timings.phases)
              .map(([phase, ms]) => `${phase} ${formatMs(ms)}`)
              .join(' · ')}
          </p>
          {r.timings.slowest && r.timings.slowest.length > 0 && (
            <ul>
              {r.timings.slowest.slice(0, 5).map((s) => (
                <li key={s.id}>
                  {formatMs(s.durationMs)} {s.action} {s.id}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {madeBy && (
        <section>
          <h2>
            Log (<a href={href({ page: 'run', id: madeBy.id })}>run</a> started by{' '}
            {madeBy.startedBy})
          </h2>
          <pre className="log">
            {log.map((e) => `${e.time.slice(11, 19)} ${e.message}`).join('\n')}
          </pre>
        </section>
      )}
    </>
  );
}
