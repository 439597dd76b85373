/**
 * Releases as JSON, checked on the way in so a damaged record is reported, never half-used. Readers
 * accept any JSON layout; writers choose one (see `serializeRelease`), so records written by either
 * layout stay readable.
 */
import { KusionError } from '@kusion/sdk';
import type { Release, ReleaseScope, ReleaseSummary } from '@kusion/sdk';
import type { StoredRecordPlace } from './stored-record.js';

export interface SerializeReleaseOptions {
  /**
   * Indent by two spaces, for files a user may open in an editor. Unindented is smaller and
   * quicker, for object stores that charge by the byte.
   */
  readonly isIndented?: boolean;
}

export function serializeRelease(release: Release, options: SerializeReleaseOptions = {}): string {
  return `${JSON.stringify(release, null, options.isIndented ? 2 : undefined)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasResourceList(value: unknown): boolean {
  return (
    isRecord(value) &&
    Array.isArray(value.resources) &&
    value.resources.every((resource) => isRecord(resource) && typeof resource.id === 'string')
  );
}

function corruptReleaseError(place: StoredRecordPlace, problem: string, cause?: unknown) {
  return new KusionError('STATE_CORRUPT', `release ${place.where} is corrupt: ${problem}`, {
    cause,
    hint: `Restore ${place.where} ${place.restoreFrom}; until then commands reading this release fail rather than guess its state.`,
  });
}

/**
 * Parses a stored release, checking it is the release its place says it is; fails with
 * `STATE_CORRUPT` naming the place otherwise.
 */
export function parseRelease(
  text: string,
  place: StoredRecordPlace,
  expected: ReleaseScope & { readonly revision: number },
): Release {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corruptReleaseError(place, `not valid JSON (${(error as Error).message})`, error);
  }
  if (!isRecord(value)) throw corruptReleaseError(place, 'not a JSON object');
  for (const key of ['project', 'stack', 'workspace'] as const) {
    if (value[key] !== expected[key]) {
      throw corruptReleaseError(
        place,
        `its ${key} is ${JSON.stringify(value[key])}, expected ${JSON.stringify(expected[key])}`,
      );
    }
  }
  if (value.revision !== expected.revision) {
    throw corruptReleaseError(
      place,
      `its revision is ${JSON.stringify(value.revision)}, expected ${expected.revision}`,
    );
  }
  for (const key of ['operation', 'phase', 'createdAt', 'modifiedAt'] as const) {
    if (typeof value[key] !== 'string') {
      throw corruptReleaseError(place, `"${key}" is not a string`);
    }
  }
  if (!hasResourceList(value.spec)) throw corruptReleaseError(place, '"spec.resources" is invalid');
  if (!hasResourceList(value.state)) {
    throw corruptReleaseError(place, '"state.resources" is invalid');
  }
  return value as unknown as Release;
}

/** A release without its Spec and State, for listings. */
export function summarizeRelease({
  spec: _spec,
  state,
  timings: _timings,
  ...summary
}: Release): ReleaseSummary {
  return { ...summary, resourceCount: state.resources.length };
}
