/**
 * Where each record lives under the prefix; every user-chosen segment is validated here. Keys are
 * relative to the prefix (the object store adds it).
 *
 * ```
 * workspaces/<name>.yaml
 * current-workspace
 * migrated-workspaces/<name>.yaml       our copy of a KusionStack Kusion workspace, once changed here
 * migrated-workspaces/<name>.deleted    a Kusion workspace deleted here (kusion-workspaces.ts)
 * releases/<project>/<workspace>/<stack>/<revision>.json              the release (source of truth)
 * releases/<project>/<workspace>/<stack>/<revision>.summary.json      a listing cache
 * releases/<project>/<workspace>/<stack>/<revision>.journal/<seq>.json   while applying
 * locks/<project>/<workspace>.json
 * rollouts/<project>/<id>.json                                         rollout records (the S3 backend's)
 * keys/data-key.json                                                   the wrapped data key (key-store.ts)
 * ```
 */
import type { LockScope, ReleaseScope } from '@kusion/sdk';
import {
  assertRevision,
  assertWorkspaceName,
  lockScopeSegments,
  releaseScopeSegments,
} from '../path-segment.js';
import { releaseName } from '../release-names.js';
import { workspaceFileName } from '../workspace-names.js';

export interface ObjectLayout {
  readonly workspacesFolder: string;
  workspaceKey(name: string): string;
  readonly currentWorkspaceKey: string;
  /** Ends with `/`. */
  readonly migratedWorkspacesFolder: string;
  migratedWorkspaceKey(name: string): string;
  deletedWorkspaceKey(name: string): string;
  /** Ends with `/`. */
  releaseFolder(scope: ReleaseScope): string;
  releaseKey(scope: ReleaseScope, revision: number): string;
  summaryKey(scope: ReleaseScope, revision: number): string;
  /** Ends with `/`. */
  journalFolder(scope: ReleaseScope, revision: number): string;
  journalEntryKey(scope: ReleaseScope, revision: number, sequence: number): string;
  lockKey(scope: LockScope): string;
}

/** Names inside the migrated workspaces folder. */
export const MIGRATED_WORKSPACE_SUFFIX = '.yaml';
export const DELETED_WORKSPACE_SUFFIX = '.deleted';

/** Names inside a release folder (relative to it), besides the releases (`<revision>.json`). */
export const SUMMARY_NAME = /^([1-9][0-9]*)\.summary\.json$/;
export const JOURNAL_FOLDER_NAME = /^([1-9][0-9]*)\.journal\/$/;
/** Names inside a journal folder: zero-padded, so key order is replay order. */
export const JOURNAL_ENTRY_NAME = /^([0-9]{10})\.json$/;

const SEQUENCE_DIGITS = 10;

export function createObjectLayout(): ObjectLayout {
  const releaseFolder = (scope: ReleaseScope): string =>
    ['releases', ...releaseScopeSegments(scope), ''].join('/');
  const journalFolder = (scope: ReleaseScope, revision: number): string =>
    `${releaseFolder(scope)}${assertRevision(revision)}.journal/`;
  return {
    workspacesFolder: 'workspaces/',
    workspaceKey: (name) => `workspaces/${workspaceFileName(name)}`,
    currentWorkspaceKey: 'current-workspace',
    migratedWorkspacesFolder: 'migrated-workspaces/',
    migratedWorkspaceKey: (name) => `migrated-workspaces/${workspaceFileName(name)}`,
    deletedWorkspaceKey: (name) =>
      `migrated-workspaces/${assertWorkspaceName(name)}${DELETED_WORKSPACE_SUFFIX}`,
    releaseFolder,
    releaseKey: (scope, revision) => `${releaseFolder(scope)}${releaseName(revision)}`,
    summaryKey: (scope, revision) =>
      `${releaseFolder(scope)}${assertRevision(revision)}.summary.json`,
    journalFolder,
    journalEntryKey: (scope, revision, sequence) =>
      `${journalFolder(scope, revision)}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}.json`,
    lockKey: (scope) => {
      const [project, workspace] = lockScopeSegments(scope);
      return `locks/${project}/${workspace}.json`;
    },
  };
}
