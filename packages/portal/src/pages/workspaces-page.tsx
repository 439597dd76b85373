import type { WorkspaceSummary } from '../api.js';
import { DriftBadge, When } from '../components/badges.js';
import { href } from '../route.js';
import { useApi } from '../use-api.js';

/** Every workspace and what it runs: app (project/stack), revision, when, who, drift. */
export function WorkspacesPage() {
  const { data, error } = useApi<{ workspaces: WorkspaceSummary[] }>('/api/workspaces');
  if (error) return <p className="error">{error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <>
      <h1>Workspaces</h1>
      <div className="cards">
        {data.workspaces.map((workspace) => (
          <section
            className="card"
            key={workspace.name}
            data-testid={`workspace-${workspace.name}`}
          >
            <h2>
              <a href={href({ page: 'workspace', workspace: workspace.name })}>{workspace.name}</a>
              {workspace.isCurrent && <span className="badge">current</span>}
            </h2>
            {workspace.deployments.length === 0 ? (
              <p className="muted">Nothing deployed yet.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>App</th>
                    <th>Revision</th>
                    <th>When</th>
                    <th>Who</th>
                    <th>Drift</th>
                  </tr>
                </thead>
                <tbody>
                  {workspace.deployments.map((d) => (
                    <tr key={`${d.project}/${d.stack}`}>
                      <td>
                        {d.project}/{d.stack}
                      </td>
                      <td>
                        <a
                          href={href({
                            page: 'release',
                            workspace: workspace.name,
                            project: d.project,
                            stack: d.stack,
                            revision: d.revision,
                          })}
                        >
                          #{d.revision}
                        </a>{' '}
                        <span className={`badge status-${d.phase}`}>{d.phase}</span>
                      </td>
                      <td>
                        <When time={d.modifiedAt} />
                      </td>
                      <td>{d.user}</td>
                      <td>
                        <DriftBadge drift={d.drift} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        ))}
      </div>
    </>
  );
}
