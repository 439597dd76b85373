import { api } from './api.js';
import type { Me, RunKind, RunRecord } from './api.js';
import { navigate } from './route.js';

export function canRunIn(me: Me, workspace: string): boolean {
  if (me.role === 'admin') return true;
  return (
    me.role === 'deployer' && (me.workspaces.length === 0 || me.workspaces.includes(workspace))
  );
}

/** Starts a run and opens its live page. */
export async function startRun(
  kind: RunKind,
  scope: { project: string; stack: string; workspace: string },
): Promise<void> {
  const run = await api<RunRecord>('/api/runs', { method: 'POST', body: { kind, ...scope } });
  navigate({ page: 'run', id: run.id });
}
