/**
 * Where each record lives under the prefix; every user-chosen segment is validated here. Keys are
 * relative to the prefix (the object store adds it).
 *
 * ```
 * workspaces/<name>.yaml
 * current-workspace
 * releases/<project>/<workspace>/<stack>/<revision>.json              the release (source of truth)
 * releases/<project>/<workspace>/<stack>/<revision>.summary.json      a listing cache
 * releases/<project>/<workspace>/<stack>/<revision>.journal/<seq>.json   while applying
 * locks/<project>/<workspace>.json
 * ```
 */
import type { LockScope, ReleaseScope } from '@kusion/sdk';
import { assertPathSegment, assertRevision } from './path-segment.js';

export interface S3Layout {
  readonly workspacesFolder: string;
  workspaceKey(name: string): string;
  readonly currentWorkspaceKey: string;
  /** Ends with `/`. */
  releaseFolder(scope: ReleaseScope): string;
  releaseKey(scope: ReleaseScope, revision: number): string;
  summaryKey(scope: ReleaseScope, revision: number): string;
  /** Ends with `/`. */
  journalFolder(scope: ReleaseScope, revision: number): string;
  journalEntryKey(scope: ReleaseScope, revision: number, sequence: number): string;
  lockKey(scope: LockScope): string;
}

export const WORKSPACE_SUFFIX = '.yaml';

/** Names inside a release folder (relative to it). */
export const RELEASE_NAME = /^([1-9][0-9]*)\.json$/;
export const SUMMARY_NAME = /^([1-9][0-9]*)\.summary\.json$/;
export const JOURNAL_FOLDER_NAME = /^([1-9][0-9]*)\.journal\/$/;
/** Names inside a journal folder: zero-padded, so key order is replay order. */
export const JOURNAL_ENTRY_NAME = /^([0-9]{10})\.json$/;

const SEQUENCE_DIGITS = 10;

export function createS3Layout(): S3Layout {
  const releaseFolder = (scope: ReleaseScope): string =>
    [
      'releases',
      assertPathSegment(scope.project, 'project name'),
      assertPathSegment(scope.workspace, 'workspace name'),
      assertPathSegment(scope.stack, 'stack name'),
      '',
    ].join('/');
  const journalFolder = (scope: ReleaseScope, revision: number): string =>
    `${releaseFolder(scope)}${assertRevision(revision)}.journal/`;
  return {
    workspacesFolder: 'workspaces/',
    workspaceKey: (name) =>
      `workspaces/${assertPathSegment(name, 'workspace name')}${WORKSPACE_SUFFIX}`,
    currentWorkspaceKey: 'current-workspace',
    releaseFolder,
    releaseKey: (scope, revision) => `${releaseFolder(scope)}${assertRevision(revision)}.json`,
    summaryKey: (scope, revision) =>
      `${releaseFolder(scope)}${assertRevision(revision)}.summary.json`,
    journalFolder,
    journalEntryKey: (scope, revision, sequence) =>
      `${journalFolder(scope, revision)}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}.json`,
    lockKey: (scope) =>
      `locks/${assertPathSegment(scope.project, 'project name')}/${assertPathSegment(scope.workspace, 'workspace name')}.json`,
  };
}
