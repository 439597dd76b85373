/** Release files: JSON, checked on the way in so a damaged file is reported, never half-used. */
import { KusionError } from '@kusion/sdk';
import type { Release, ReleaseScope, ReleaseSummary } from '@kusion/sdk';

export function serializeRelease(release: Release): string {
  return `${JSON.stringify(release, null, 2)}\n`;
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

/** A STATE_CORRUPT error for a damaged release file. */
export function corruptReleaseError(file: string, problem: string, cause?: unknown): KusionError {
  return new KusionError('STATE_CORRUPT', `release file ${file} is corrupt: ${problem}`, {
    cause,
    hint: `Restore ${file} from a backup; until then commands reading this release fail rather than guess its state.`,
  });
}

/** Parses a release file, checking it is the release its path says it is. */
export function parseRelease(
  text: string,
  file: string,
  expected: ReleaseScope & { readonly revision: number },
): Release {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corruptReleaseError(file, `not valid JSON (${(error as Error).message})`, error);
  }
  if (!isRecord(value)) throw corruptReleaseError(file, 'not a JSON object');
  for (const key of ['project', 'stack', 'workspace'] as const) {
    if (value[key] !== expected[key]) {
      throw corruptReleaseError(
        file,
        `its ${key} is ${JSON.stringify(value[key])}, expected ${JSON.stringify(expected[key])}`,
      );
    }
  }
  if (value.revision !== expected.revision) {
    throw corruptReleaseError(
      file,
      `its revision is ${JSON.stringify(value.revision)}, expected ${expected.revision}`,
    );
  }
  for (const key of ['operation', 'phase', 'createdAt', 'modifiedAt'] as const) {
    if (typeof value[key] !== 'string') throw corruptReleaseError(file, `"${key}" is not a string`);
  }
  if (!hasResourceList(value.spec)) throw corruptReleaseError(file, '"spec.resources" is invalid');
  if (!hasResourceList(value.state)) {
    throw corruptReleaseError(file, '"state.resources" is invalid');
  }
  return value as unknown as Release;
}

export function summarizeRelease({ spec: _spec, state, ...summary }: Release): ReleaseSummary {
  return { ...summary, resourceCount: state.resources.length };
}
