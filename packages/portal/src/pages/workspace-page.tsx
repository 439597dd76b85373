import { useState } from 'react';
import { ApiError } from '../api.js';
import type { Me, Project, RunKind, RunRecord, WorkspaceSummary } from '../api.js';
import { DriftBadge, StatusBadge, When } from '../components/badges.js';
import { href } from '../route.js';
import { canRunIn, startRun } from '../start-run.js';
import { useApi } from '../use-api.js';

/** One workspace: each stack served, what it runs here, and (for deployers) preview and drift. */
export function WorkspacePage({ workspace, me }: { workspace: string; me: Me }) {
  const projects = useApi<{ projects: Project[] }>('/api/projects');
  const overview = useApi<{ workspaces: WorkspaceSummary[] }>('/api/workspaces');
  const runs = useApi<{ runs: RunRecord[] }>(
    `/api/runs?workspace=${encodeURIComponent(workspace)}&limit=20`,
  );
  const [error, setError] = useState<string>();
  const deployments =
    overview.data?.workspaces.find((w) => w.name === workspace)?.deployments ?? [];
  const mayRun = canRunIn(me, workspace);
  const run = (kind: RunKind, project: string, stack: string): void => {
    startRun(kind, { project, stack, workspace }).catch((caught: unknown) => {
      setError(
        caught instanceof ApiError ? `${caught.message}. ${caught.hint ?? ''}` : String(caught),
      );
    });
  };
  return (
    <>
      <p className="crumbs">
        <a href={href({ page: 'workspaces' })}>Workspaces</a> /
      </p>
      <h1 data-testid="workspace-title">{workspace}</h1>
      {error && <p className="error">{error}</p>}
      <table className="stacks">
        <thead>
          <tr>
            <th>App</th>
            <th>Running</th>
            <th>When</th>
            <th>Who</th>
            <th>Drift</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(projects.data?.projects ?? []).flatMap((project) =>
            project.stacks.map((stack) => {
              const deployed = deployments.find(
                (d) => d.project === project.name && d.stack === stack.name,
              );
              return (
                <tr
                  key={`${project.name}/${stack.name}`}
                  data-testid={`stack-${project.name}-${stack.name}`}
                >
                  <td>
                    {project.name}/{stack.name}
                  </td>
                  <td>
                    {deployed ? (
                      <a
                        data-testid="release-link"
                        href={href({
                          page: 'release',
                          workspace,
                          project: project.name,
                          stack: stack.name,
                          revision: deployed.revision,
                        })}
                      >
                        revision {deployed.revision} ({deployed.operation}, {deployed.phase})
                      </a>
                    ) : (
                      <span className="muted">not deployed</span>
                    )}
                  </td>
                  <td>{deployed && <When time={deployed.modifiedAt} />}</td>
                  <td>{deployed?.user}</td>
                  <td>{deployed && <DriftBadge drift={deployed.drift} />}</td>
                  <td className="actions">
                    {mayRun && (
                      <>
                        <button
                          data-testid="preview"
                          onClick={() => {
                            run('preview', project.name, stack.name);
                          }}
                        >
                          Preview
                        </button>
                        {deployed && (
                          <button
                            className="secondary"
                            data-testid="check-drift"
                            onClick={() => {
                              run('drift', project.name, stack.name);
                            }}
                          >
                            Check drift
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
      <h2>Recent runs</h2>
      <table>
        <thead>
          <tr>
            <th>Run</th>
            <th>App</th>
            <th>Status</th>
            <th>Started by</th>
            <th>When</th>
          </tr>
        </thead>
        <tbody>
          {(runs.data?.runs ?? []).map((r) => (
            <tr key={r.id}>
              <td>
                <a href={href({ page: 'run', id: r.id })}>{r.kind}</a>
              </td>
              <td>
                {r.project}/{r.stack}
              </td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>{r.startedBy}</td>
              <td>
                <When time={r.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
