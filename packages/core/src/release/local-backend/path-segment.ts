/**
 * Names users choose (workspace, project, stack) become file and directory names under
 * `$KUSION_HOME`; a name must never reach outside its folder or collide with our temp files.
 */
import { KusionError } from '@kusion/sdk';

/** File names are limited to 255 bytes; leave room for suffixes such as `.lock.guard`. */
const MAX_SEGMENT_BYTES = 200;

function problemWith(value: string): string | undefined {
  if (value === '') return 'it is empty';
  if (value === '.' || value === '..') return 'it names a directory';
  if (value.includes('/') || value.includes('\\')) return 'it contains a path separator';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'it contains a control character';
  if (value.startsWith('.')) return 'it starts with "." (hidden and temporary files do)';
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
      hint: `Choose a ${what} made of letters, digits, "-", "_" and "." that does not start with ".".`,
    },
  );
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
