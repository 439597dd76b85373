/** `release list|show|unlock`. */
import { KusionError } from '@kusion/sdk';
import type { LockInfo, Release, ReleaseSummary } from '@kusion/sdk';
import { forceUnlock } from '../release/run-lock.js';
import { withScope } from './stack-session.js';
import type { StackOptions } from './stack-session.js';

export function listReleases(options: StackOptions): Promise<readonly ReleaseSummary[]> {
  return withScope(options, ({ engine, scope }) => engine.backend.releases.list(scope));
}

/** One release; the latest when no revision is given. */
export function showRelease(
  options: StackOptions & { readonly revision?: number | undefined },
): Promise<Release> {
  return withScope(options, async ({ engine, scope }) => {
    const release =
      options.revision === undefined
        ? await engine.backend.releases.latest(scope)
        : await engine.backend.releases.get(scope, options.revision);
    if (!release) {
      throw new KusionError(
        'RELEASE_NOT_FOUND',
        options.revision === undefined
          ? `no release yet for stack "${scope.stack}" in workspace "${scope.workspace}"`
          : `revision ${options.revision} does not exist for stack "${scope.stack}" in workspace "${scope.workspace}"`,
        { hint: 'list them with `kusion release list`' },
      );
    }
    return release;
  });
}

/** Removes the workspace's lock whoever holds it; answers who held it. */
export function unlockWorkspace(options: StackOptions): Promise<LockInfo | undefined> {
  return withScope(options, ({ engine, scope }) =>
    forceUnlock(engine.backend, { project: scope.project, workspace: scope.workspace }),
  );
}
