/**
 * Names users choose (workspace, project, stack) become segments of file paths and object keys; a
 * name must never reach outside its folder, collide with a backend's own names (temporary files,
 * `1.journal/`) or make a path another tool cannot show. Every backend applies the same rules, so a
 * workspace can move between backends.
 */
import { KusionError } from '@kusion/sdk';
import type { LockScope, ReleaseScope } from '@kusion/sdk';

/**
 * File names are limited to 255 bytes and S3 keys to 1,024; this leaves room for suffixes such as
 * `.lock.guard` and for the other segments of a key.
 */
const MAX_SEGMENT_BYTES = 200;

function problemWith(value: string): string | undefined {
  if (value === '') return 'it is empty';
  if (value === '.' || value === '..') return 'it names a directory';
  if (value.includes('/') || value.includes('\\')) return 'it contains a path separator';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'it contains a control character';
  if (value.startsWith('.')) return 'it starts with "." (hidden and temporary names do)';
  if (Buffer.byteLength(value) > MAX_SEGMENT_BYTES) {
    return `it is longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return undefined;
}

/**
 * Returns `value` when it is safe as one path segment; otherwise fails with `INVALID_ARGUMENT`.
 * `what` names the value for the message, e.g. `workspace name`.
 */
export function assertPathSegment(value: unknown, what: string): string {
  const problem =
    typeof value === 'string' ? problemWith(value) : `it is ${typeof value}, not a string`;
  if (problem === undefined) return value as string;
  throw new KusionError(
    'INVALID_ARGUMENT',
    `invalid ${what} ${JSON.stringify(value)}: ${problem}`,
    {
      hint: `A ${what} is at most ${MAX_SEGMENT_BYTES} bytes of any characters but "/", "\\" and control characters, and does not start with ".".`,
    },
  );
}

/** The one rule for workspace names, in every command and every backend. */
const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_WORKSPACE_NAME = 63;
export const WORKSPACE_NAME_RULE = `1 to ${MAX_WORKSPACE_NAME} letters (a-z, A-Z), digits, "-", "_" and ".", starting with a letter or a digit, e.g. dev or prod-eu.1`;

/** Whether `value` is a valid workspace name (see `assertWorkspaceName`). */
export function isWorkspaceName(value: unknown): value is string {
  return (
    typeof value === 'string' && WORKSPACE_NAME.test(value) && value.length <= MAX_WORKSPACE_NAME
  );
}

/**
 * Returns `value` when it is a valid workspace name; otherwise fails with `INVALID_ARGUMENT`,
 * naming what is wrong and the rule. Stricter than a path segment: a workspace name is typed in
 * commands (`-W prod`), so no spaces, no shell characters.
 */
export function assertWorkspaceName(value: unknown): string {
  if (isWorkspaceName(value)) return value;
  throw new KusionError(
    'INVALID_ARGUMENT',
    `invalid workspace name ${JSON.stringify(value)}: ${workspaceNameProblem(value)}`,
    {
      hint: `A workspace name is ${WORKSPACE_NAME_RULE}.`,
    },
  );
}

function workspaceNameProblem(value: unknown): string {
  if (typeof value !== 'string') return `it is ${typeof value}, not a string`;
  if (value === '') return 'it is empty';
  if (value.length > MAX_WORKSPACE_NAME)
    return `it is longer than ${MAX_WORKSPACE_NAME} characters`;
  if (!/^[A-Za-z0-9]/.test(value)) return `it starts with ${JSON.stringify(value[0])}`;
  const bad = /[^A-Za-z0-9._-]/u.exec(value)?.[0] ?? '';
  return bad === ' ' ? 'it contains a space' : `it contains ${JSON.stringify(bad)}`;
}

/** Returns `revision` when it is a positive safe integer; otherwise fails with `INVALID_ARGUMENT`. */
export function assertRevision(revision: unknown): number {
  if (typeof revision === 'number' && Number.isSafeInteger(revision) && revision >= 1) {
    return revision;
  }
  throw new KusionError('INVALID_ARGUMENT', `invalid release revision ${String(revision)}`, {
    hint: 'Revisions are whole numbers starting at 1.',
  });
}

/** The checked segments of a release folder: project, workspace, stack. */
export function releaseScopeSegments(scope: ReleaseScope): readonly [string, string, string] {
  return [
    assertPathSegment(scope.project, 'project name'),
    assertWorkspaceName(scope.workspace),
    assertPathSegment(scope.stack, 'stack name'),
  ];
}

/** The checked segments of a lock's place: project, workspace. */
export function lockScopeSegments(scope: LockScope): readonly [string, string] {
  return [assertPathSegment(scope.project, 'project name'), assertWorkspaceName(scope.workspace)];
}
