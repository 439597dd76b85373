/**
 * Where each record lives in the namespace, and the labels that find it. Object names must be DNS
 * subdomains, which project, stack and workspace names need not be, so names carry a hash of the
 * scope and the exact names go in annotations; readable labels (`kusion.io/project=shop`) are added
 * where the name is a valid label value, so `kubectl get secrets -l …` finds them.
 *
 * ```
 * Lease   kusion-lock-<hash(project, workspace)>                  the lock of a project + workspace
 * Secret  kusion-release-<hash(project, workspace, stack)>-<revision>     a release (gzip JSON)
 * Secret  kusion-journal-<hash(project, workspace, stack)>-<revision>-<seq>   a journal group
 * Secret  kusion-workspace-<hash(name)>                           a workspace
 * Secret  kusion-current-workspace                                the selected workspace
 * Secret  kusion-rollout-<hash(project)>-<rollout id>             a rollout record
 * Secret  kusion-data-key                                         the wrapped data key (sealing)
 * ```
 */
import { createHash } from 'node:crypto';
import {
  assertPathSegment,
  assertRevision,
  assertWorkspaceName,
  lockScopeSegments,
  releaseScopeSegments,
  rolloutSegments,
} from '@kusion/backend-kit';
import type { LockScope, ReleaseScope } from '@kusion/sdk';

export const LABEL = {
  managedBy: 'app.kubernetes.io/managed-by',
  record: 'kusion.io/record',
  scope: 'kusion.io/scope',
  revision: 'kusion.io/revision',
  project: 'kusion.io/project',
  workspace: 'kusion.io/workspace',
  stack: 'kusion.io/stack',
} as const;

export const ANNOTATION = {
  project: 'kusion.io/project',
  workspace: 'kusion.io/workspace',
  stack: 'kusion.io/stack',
  revision: 'kusion.io/revision',
  sequence: 'kusion.io/sequence',
  generation: 'kusion.io/generation',
  summary: 'kusion.io/summary',
  lock: 'kusion.io/lock',
  rolloutId: 'kusion.io/rollout-id',
} as const;

export type RecordKind =
  'lock' | 'release' | 'journal' | 'workspace' | 'current-workspace' | 'rollout' | 'data-key';

/** A valid label value: at most 63 characters, alphanumeric at both ends, `-_.` inside. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function hashOf(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 20);
}

/** Labels every record carries: who manages it, what it is, and readable names where they fit. */
export function recordLabels(
  record: RecordKind,
  names: Readonly<Partial<Record<'project' | 'workspace' | 'stack', string>>> = {},
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const labels: Record<string, string> = { [LABEL.managedBy]: 'kusion', [LABEL.record]: record };
  for (const key of ['project', 'workspace', 'stack'] as const) {
    const value = names[key];
    if (value !== undefined && LABEL_VALUE.test(value)) labels[LABEL[key]] = value;
  }
  return { ...labels, ...extra };
}

export interface ReleaseKey {
  /** The hash naming the release scope in object names and the `kusion.io/scope` label. */
  readonly scopeHash: string;
  readonly names: { readonly project: string; readonly workspace: string; readonly stack: string };
}

/** The checked names of a release scope and its hash. */
export function releaseKey(scope: ReleaseScope): ReleaseKey {
  const [project, workspace, stack] = releaseScopeSegments(scope);
  return { scopeHash: hashOf(project, workspace, stack), names: { project, workspace, stack } };
}

export function releaseName(key: ReleaseKey, revision: number): string {
  return `kusion-release-${key.scopeHash}-${assertRevision(revision)}`;
}

/** Zero-padded, so name order is replay order. */
export function journalGroupName(key: ReleaseKey, revision: number, sequence: number): string {
  return `kusion-journal-${key.scopeHash}-${assertRevision(revision)}-${String(sequence).padStart(10, '0')}`;
}

/** Selects a scope's releases and journal groups; with `revision`, those of one revision. */
export function releaseSelector(key: ReleaseKey, record?: RecordKind, revision?: number): string {
  return [
    `${LABEL.record}${record === undefined ? ' in (release,journal)' : `=${record}`}`,
    `${LABEL.scope}=${key.scopeHash}`,
    ...(revision === undefined ? [] : [`${LABEL.revision}=${assertRevision(revision)}`]),
  ].join(',');
}

export function lockName(scope: LockScope): string {
  const [project, workspace] = lockScopeSegments(scope);
  return `kusion-lock-${hashOf(project, workspace)}`;
}

export function workspaceObjectName(name: string): string {
  return `kusion-workspace-${hashOf(assertWorkspaceName(name))}`;
}

export const CURRENT_WORKSPACE_NAME = 'kusion-current-workspace';

/** One data key per backend, that is per namespace: a fixed name, as the current workspace's. */
export const DATA_KEY_OBJECT_NAME = 'kusion-data-key';

/** Rollout ids are `20250102T030405Z-a1b2c3`: lower-cased they are still unique. */
export function rolloutObjectName(project: string, id: string): string {
  const [checkedProject] = rolloutSegments(project, id);
  return `kusion-rollout-${hashOf(checkedProject)}-${id.toLowerCase()}`;
}

export function rolloutScopeHash(project: string): string {
  return hashOf(assertPathSegment(project, 'project name'));
}

export function rolloutSelector(project: string): string {
  return `${LABEL.record}=rollout,${LABEL.scope}=${rolloutScopeHash(project)}`;
}
