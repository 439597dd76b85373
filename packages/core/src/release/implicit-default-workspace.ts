/**
 * Every backend has a `default` workspace, as in KusionStack Kusion: it exists without being
 * created (empty: no providers, no modules), and it is the current one until another is
 * selected. It is written to the backend only when it is updated or selected.
 */
import type { Backend, Workspace, WorkspaceStore } from '@kusion/sdk';

export const DEFAULT_WORKSPACE = 'default';

export function withImplicitDefaultWorkspace(backend: Backend): Backend {
  const store = backend.workspaces;
  const implicit: Workspace = { name: DEFAULT_WORKSPACE };
  const isStored = async (name: string): Promise<boolean> => (await store.get(name)) !== undefined;
  const workspaces: WorkspaceStore = {
    async get(name) {
      return (await store.get(name)) ?? (name === DEFAULT_WORKSPACE ? implicit : undefined);
    },
    async list() {
      const names = await store.list();
      return names.includes(DEFAULT_WORKSPACE) ? names : [DEFAULT_WORKSPACE, ...names].sort();
    },
    create: (workspace) => store.create(workspace),
    async update(workspace) {
      if (workspace.name === DEFAULT_WORKSPACE && !(await isStored(workspace.name))) {
        await store.create(workspace);
        return;
      }
      await store.update(workspace);
    },
    delete: (name) => store.delete(name),
    async getCurrent() {
      return (await store.getCurrent()) ?? DEFAULT_WORKSPACE;
    },
    async setCurrent(name) {
      if (name === DEFAULT_WORKSPACE && !(await isStored(name))) await store.create(implicit);
      await store.setCurrent(name);
    },
  };
  // Each property named: a backend may keep its methods on a prototype, which a spread drops.
  return {
    name: backend.name,
    workspaces,
    releases: backend.releases,
    locks: backend.locks,
    ...(backend.rollouts ? { rollouts: backend.rollouts } : {}),
    close: () => backend.close?.() ?? Promise.resolve(),
  };
}
