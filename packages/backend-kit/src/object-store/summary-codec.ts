/**
 * Summary objects, a listing cache next to each release: the summary plus the ETag of the release
 * object it was made from, so a stale or damaged one is simply not used.
 */
import type { ReleaseScope, ReleaseSummary } from '@kusion/sdk';

export function serializeSummary(summary: ReleaseSummary, releaseEtag: string): string {
  return `${JSON.stringify({ releaseEtag, summary })}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
