/** Where each record lives under `$KUSION_HOME`; every user-chosen segment is validated here. */
import { join } from 'node:path';
import {
  assertRevision,
  lockScopeSegments,
  releaseName,
  releaseScopeSegments,
  workspaceFileName,
} from '@kusion/backend-kit';
import type { StoredRecordPlace } from '@kusion/backend-kit';
import type { LockScope, ReleaseScope } from '@kusion/sdk';

export interface LocalLayout {
  /** `$KUSION_HOME` itself. */
  readonly home: string;
  readonly workspacesDirectory: string;
  workspaceFile(name: string): string;
  readonly currentWorkspaceFile: string;
  releaseDirectory(scope: ReleaseScope): string;
  releaseFile(scope: ReleaseScope, revision: number): string;
  journalFile(scope: ReleaseScope, revision: number): string;
  /** The folder of a project's locks. */
  lockDirectory(scope: LockScope): string;
  lockFile(scope: LockScope): string;
  /** The last lock generation handed out for the scope: outlives the lock file. */
  lockGenerationFile(scope: LockScope): string;
  /** A short-lived side lock that makes read-compare-replace of the lock file atomic. */
  lockGuardFile(scope: LockScope): string;
}

/** A file as messages about its damage name it: restoring means a backup. */
export function placeOf(file: string): StoredRecordPlace {
  return { where: file, restoreFrom: 'from a backup' };
}

export function createLocalLayout(home: string): LocalLayout {
  const workspacesDirectory = join(home, 'workspaces');
  const releaseDirectory = (scope: ReleaseScope): string =>
    join(home, 'releases', ...releaseScopeSegments(scope));
  const lockFile = (scope: LockScope): string => {
    const [project, workspace] = lockScopeSegments(scope);
    return join(home, 'locks', project, `${workspace}.lock`);
  };
  const lockDirectory = (scope: LockScope): string =>
    join(home, 'locks', lockScopeSegments(scope)[0]);
  return {
    home,
    workspacesDirectory,
    workspaceFile: (name) => join(workspacesDirectory, workspaceFileName(name)),
    currentWorkspaceFile: join(home, 'current-workspace'),
    releaseDirectory,
    releaseFile: (scope, revision) => join(releaseDirectory(scope), releaseName(revision)),
    journalFile: (scope, revision) =>
      join(releaseDirectory(scope), `${assertRevision(revision)}.journal.ndjson`),
    lockDirectory,
    lockFile,
    lockGenerationFile: (scope) =>
      join(lockDirectory(scope), `${lockScopeSegments(scope)[1]}.generation`),
    lockGuardFile: (scope) => `${lockFile(scope)}.guard`,
  };
}
