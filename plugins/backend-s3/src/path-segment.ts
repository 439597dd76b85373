/**
 * Names users choose (workspace, project, stack) become segments of S3 keys; a name must never
 * reach outside its folder, collide with our own keys (`1.journal/`, `1.summary.json`) or make a key
 * another tool cannot show. The same rules as the local backend, so a workspace moves between them.
 */
import { KusionError } from '@kusion/sdk';

/** S3 keys are limited to 1,024 bytes; leave room for the prefix and the other segments. */
const MAX_SEGMENT_BYTES = 200;

function problemWith(value: string): string | undefined {
  if (value === '') return 'it is empty';
  if (value === '.' || value === '..') return 'it names a directory';
  if (value.includes('/') || value.includes('\\')) return 'it contains a path separator';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'it contains a control character';
  if (value.startsWith('.')) return 'it starts with "."';
  if (Buffer.byteLength(value) > MAX_SEGMENT_BYTES) {
    return `it is longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return undefined;
}

/**
 * Returns `value` when it is safe as one key segment; otherwise fails with `INVALID_ARGUMENT`.
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
