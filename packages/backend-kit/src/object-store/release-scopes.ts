/**
 * Every scope with releases (`project list`, `release show --project`, `resource show/graph`): our
 * stack folders `releases/<project>/<workspace>/<stack>/`, and the stacks KusionStack Kusion's
 * `releases/<project>/<workspace>/.metadata.yml` names beside them (when the backend reads
 * Kusion's state). One listing per folder level;
 * names no command could address (a stray `a b/` folder) are skipped.
 */
import type { ReleaseScope, ReleaseScopeFilter } from '@kusion/sdk';
import { KUSION_METADATA_NAME } from '../kusion-document.js';
import type { KusionReleaseReader } from '../kusion-releases.js';
import { assertPathSegment, isWorkspaceName, releaseScopeSegments } from '../path-segment.js';
import { mapConcurrently } from './map-concurrently.js';
import type { ObjectStore } from './object-store.js';
import { READ_CONCURRENCY } from './release-objects.js';

function isSegment(name: string): boolean {
  try {
    assertPathSegment(name, 'name');
    return true;
  } catch {
    return false;
  }
}

export function createObjectReleaseScopes(
  store: Pick<ObjectStore, 'list'>,
  kusion: KusionReleaseReader | undefined,
): (filter?: ReleaseScopeFilter) => Promise<readonly ReleaseScope[]> {
  const subfolders = async (folder: string): Promise<string[]> =>
    (await store.list(folder)).folders.map((name) => name.slice(0, -1));

  async function stacksIn(project: string, workspace: string): Promise<ReleaseScope[]> {
    const { objects, folders } = await store.list(`releases/${project}/${workspace}/`);
    const stacks = new Set(folders.map((name) => name.slice(0, -1)).filter(isSegment));
    if (kusion && objects.some(({ name }) => name === KUSION_METADATA_NAME)) {
      for (const stack of await kusion.stacks({ project, workspace })) {
        if (isSegment(stack)) stacks.add(stack);
      }
    }
    return [...stacks].sort().map((stack) => ({ project, workspace, stack }));
  }

  return async (filter = {}) => {
    if (filter.project !== undefined || filter.workspace !== undefined) {
      // Checks what the caller named: a name that cannot be a folder is an error, not "none".
      releaseScopeSegments({
        project: filter.project ?? 'any',
        workspace: filter.workspace ?? 'any',
        stack: 'any',
      });
    }
    const projects =
      filter.project === undefined
        ? (await subfolders('releases/')).filter(isSegment).sort()
        : [filter.project];
    const pairs = (
      await mapConcurrently(projects, READ_CONCURRENCY, async (project) => {
        const workspaces =
          filter.workspace === undefined
            ? (await subfolders(`releases/${project}/`)).filter(isWorkspaceName).sort()
            : [filter.workspace];
        return workspaces.map((workspace) => [project, workspace] as const);
      })
    ).flat();
    const scopes = await mapConcurrently(pairs, READ_CONCURRENCY, ([project, workspace]) =>
      stacksIn(project, workspace),
    );
    return scopes.flat();
  };
}
