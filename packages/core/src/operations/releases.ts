/** `release list|show|unlock`. */
import { KusionError } from '@kusion/sdk';
import type { LockInfo, Release, ReleaseScope, ReleaseSummary } from '@kusion/sdk';
import { withEngine } from './engine-context.js';
import type { EngineContext } from './engine-context.js';
import { forceUnlock } from '../release/run-lock.js';
import { withScope } from './stack-session.js';
import type { StackOptions } from './stack-session.js';

export function listReleases(options: StackOptions): Promise<readonly ReleaseSummary[]> {
  return withScope(options, ({ engine, scope }) => engine.backend.releases.list(scope));
}

/**
 * One release; the latest when no revision is given. With `project` (Kusion's `release show
 * --project`), no stack folder is needed: the workspace defaults to the current one and the stack
 * to the only one with releases there.
 */
export function showRelease(
  options: StackOptions & {
    readonly revision?: number | undefined;
    readonly project?: string | undefined;
    readonly stack?: string | undefined;
  },
): Promise<Release> {
  if (options.project !== undefined) {
    const { project } = options;
    return withEngine(options, async (engine) => {
      const workspace =
        options.workspace ?? (await engine.backend.workspaces.getCurrent()) ?? 'default';
      const stack = options.stack ?? (await onlyStack(engine, project, workspace));
      return readRelease(engine, { project, workspace, stack }, options.revision);
    });
  }
  return withScope(options, ({ engine, scope }) => readRelease(engine, scope, options.revision));
}

async function onlyStack(
  engine: EngineContext,
  project: string,
  workspace: string,
): Promise<string> {
  const scopes = (await engine.backend.releases.scopes?.({ project, workspace })) ?? [];
  const [only, ...others] = scopes;
  if (only !== undefined && others.length === 0) return only.stack;
  throw new KusionError(
    only === undefined ? 'RELEASE_NOT_FOUND' : 'INVALID_ARGUMENT',
    only === undefined
      ? `project ${project} has no release in workspace ${workspace}`
      : `project ${project} has releases of several stacks in workspace ${workspace}: ${scopes.map((scope) => scope.stack).join(', ')}`,
    {
      hint:
        only === undefined
          ? 'pass --workspace, or list the projects with `kusion project list --all`'
          : 'name one with --stack',
    },
  );
}

async function readRelease(
  engine: EngineContext,
  scope: ReleaseScope,
  revision: number | undefined,
): Promise<Release> {
  const release =
    revision === undefined
      ? await engine.backend.releases.latest(scope)
      : await engine.backend.releases.get(scope, revision);
  if (!release) {
    throw new KusionError(
      'RELEASE_NOT_FOUND',
      revision === undefined
        ? `no release yet for stack "${scope.stack}" in workspace "${scope.workspace}"`
        : `revision ${revision} does not exist for stack "${scope.stack}" in workspace "${scope.workspace}"`,
      { hint: 'list them with `kusion release list`' },
    );
  }
  return release;
}

/** Removes the workspace's lock whoever holds it; answers who held it. */
export function unlockWorkspace(options: StackOptions): Promise<LockInfo | undefined> {
  return withScope(options, ({ engine, scope }) =>
    forceUnlock(engine.backend, { project: scope.project, workspace: scope.workspace }),
  );
}
