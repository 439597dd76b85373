/** Where each record lives under `$KUSION_HOME`; every user-chosen segment is validated here. */
import { join } from 'node:path';
import type { LockScope, ReleaseScope } from '@kusion/sdk';
import { assertPathSegment, assertRevision } from './path-segment.js';

export interface LocalLayout {
  readonly workspacesDirectory: string;
  workspaceFile(name: string): string;
  readonly currentWorkspaceFile: string;
  releaseDirectory(scope: ReleaseScope): string;
  releaseFile(scope: ReleaseScope, revision: number): string;
  journalFile(scope: ReleaseScope, revision: number): string;
  lockFile(scope: LockScope): string;
  /** A short-lived side lock that makes read-compare-replace of the lock file atomic. */
  lockGuardFile(scope: LockScope): string;
}

/** Release files are named `<revision>.json`; this finds them in a directory listing. */
export const RELEASE_FILE_PATTERN = /^([1-9][0-9]*)\.json$/;

export function createLocalLayout(home: string): LocalLayout {
  const workspacesDirectory = join(home, 'workspaces');
  const releaseDirectory = (scope: ReleaseScope): string =>
    join(
      home,
      'releases',
      assertPathSegment(scope.project, 'project name'),
      assertPathSegment(scope.workspace, 'workspace name'),
      assertPathSegment(scope.stack, 'stack name'),
    );
  const lockFile = (scope: LockScope): string =>
    join(
      home,
      'locks',
      assertPathSegment(scope.project, 'project name'),
      `${assertPathSegment(scope.workspace, 'workspace name')}.lock`,
    );
  return {
    workspacesDirectory,
    workspaceFile: (name) =>
      join(workspacesDirectory, `${assertPathSegment(name, 'workspace name')}.yaml`),
    currentWorkspaceFile: join(home, 'current-workspace'),
    releaseDirectory,
    releaseFile: (scope, revision) =>
      join(releaseDirectory(scope), `${assertRevision(revision)}.json`),
    journalFile: (scope, revision) =>
      join(releaseDirectory(scope), `${assertRevision(revision)}.journal.ndjson`),
    lockFile,
    lockGuardFile: (scope) => `${lockFile(scope)}.guard`,
  };
}
