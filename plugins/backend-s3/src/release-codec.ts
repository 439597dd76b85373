/**
 * Release objects: JSON, checked on the way in so a damaged object is reported, never half-used.
 * Summaries are a listing cache: each names the ETag of the release it describes, so a stale or
 * damaged one is simply not used.
 */
import { KusionError } from '@kusion/sdk';
import type { Release, ReleaseScope, ReleaseSummary } from '@kusion/sdk';

export function serializeRelease(release: Release): string {
  return `${JSON.stringify(release)}\n`;
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

/** A STATE_CORRUPT error for a damaged release object. */
export function corruptReleaseError(where: string, problem: string, cause?: unknown): KusionError {
  return new KusionError('STATE_CORRUPT', `release ${where} is corrupt: ${problem}`, {
    cause,
    hint: `Restore ${where} from an earlier object version (enable bucket versioning); until then commands reading this release fail rather than guess its state.`,
  });
}

/** Parses a release object, checking it is the release its key says it is. */
export function parseRelease(
  text: string,
  where: string,
  expected: ReleaseScope & { readonly revision: number },
): Release {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corruptReleaseError(where, `not valid JSON (${(error as Error).message})`, error);
  }
  if (!isRecord(value)) throw corruptReleaseError(where, 'not a JSON object');
  for (const key of ['project', 'stack', 'workspace'] as const) {
    if (value[key] !== expected[key]) {
      throw corruptReleaseError(
        where,
        `its ${key} is ${JSON.stringify(value[key])}, expected ${JSON.stringify(expected[key])}`,
      );
    }
  }
  if (value.revision !== expected.revision) {
    throw corruptReleaseError(
      where,
      `its revision is ${JSON.stringify(value.revision)}, expected ${expected.revision}`,
    );
  }
  for (const key of ['operation', 'phase', 'createdAt', 'modifiedAt'] as const) {
    if (typeof value[key] !== 'string')
      throw corruptReleaseError(where, `"${key}" is not a string`);
  }
  if (!hasResourceList(value.spec)) throw corruptReleaseError(where, '"spec.resources" is invalid');
  if (!hasResourceList(value.state))
    throw corruptReleaseError(where, '"state.resources" is invalid');
  return value as unknown as Release;
}

export function summarizeRelease({ spec: _spec, state, ...summary }: Release): ReleaseSummary {
  return { ...summary, resourceCount: state.resources.length };
}

/** The summary object: the summary plus the ETag of the release object it was made from. */
export function serializeSummary(summary: ReleaseSummary, releaseEtag: string): string {
  return `${JSON.stringify({ releaseEtag, summary })}\n`;
}

/** The summary when it is intact and describes the release object with `releaseEtag`. */
export function parseSummary(
  text: string,
  releaseEtag: string,
  expected: ReleaseScope & { readonly revision: number },
): ReleaseSummary | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.releaseEtag !== releaseEtag || !isRecord(value.summary)) {
    return undefined;
  }
  const summary = value.summary;
  const isIntact =
    summary.project === expected.project &&
    summary.stack === expected.stack &&
    summary.workspace === expected.workspace &&
    summary.revision === expected.revision &&
    typeof summary.resourceCount === 'number' &&
    ['operation', 'phase', 'createdAt', 'modifiedAt'].every(
      (key) => typeof summary[key] === 'string',
    );
  return isIntact ? (summary as unknown as ReleaseSummary) : undefined;
}
