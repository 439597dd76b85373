/** The end of a deploy, destroy or rollback: a one-line summary, failures, and the JSON document. */
import type { Plan, ReleaseOperation } from '@kusion/sdk';
import type { ReleaseResult } from '@kusion/core';
import { formatDuration } from './terminal.js';
import type { Colors } from './terminal.js';

const TITLES: Record<ReleaseOperation, string> = {
  deploy: 'Deploy',
  destroy: 'Destroy',
  rollback: 'Rollback',
};

/**
 * The `--json` document of a deploy, destroy or rollback. `summary` counts what was applied by
 * action, then what was not: `failed` (failed, or aborted with its outcome unknown), `notApplied`
 * (skipped or never started), and the `retries` of transient failures; every resource lists its
 * own status, error and retries.
 */
export function applyDocument(result: ReleaseResult): Record<string, unknown> {
  if (result.isDryRun) return { ...planDocument(result.plan), dryRun: true };
  const count = (statuses: readonly string[]): number =>
    result.resources.filter((r) => statuses.includes(r.status)).length;
  return {
    status: result.status,
    revision: result.revision,
    summary: {
      ...result.summary,
      failed: count(['failed', 'unknown']),
      notApplied: count(['skipped', 'cancelled']),
      retries: result.resources.reduce((sum, r) => sum + (r.retries ?? 0), 0),
    },
    resources: result.resources.map((r) => ({
      id: r.id,
      action: r.action,
      status: r.status,
      ...(r.error === undefined ? {} : { error: r.error }),
      ...(r.diff === undefined ? {} : { diff: r.diff }),
      ...(r.retries === undefined ? {} : { retries: r.retries }),
    })),
    durationMs: result.durationMs,
  };
}

export function planDocument(plan: Plan): Record<string, unknown> {
  return {
    project: plan.project,
    stack: plan.stack,
    workspace: plan.workspace,
    changes: plan.changes.map((c) => ({
      id: c.id,
      type: c.type,
      action: c.action,
      reason: c.reason,
      diff: c.diff,
    })),
    summary: plan.summary,
  };
}

export function applySummaryText(
  result: ReleaseResult,
  operation: ReleaseOperation,
  colors: Colors,
): string | undefined {
  const title = TITLES[operation];
  if (result.isDryRun) return colors.dim(`Dry run: nothing was applied.`);
  if (!result.hasChanges) return undefined; // the plan already said "No changes"
  const { create, update, replace, delete: removed } = result.summary;
  const counts = `${create} created, ${update} updated, ${replace} replaced, ${removed} deleted in ${formatDuration(result.durationMs)}`;
  if (result.status === 'succeeded')
    return colors.green(`${title} complete: ${counts} (revision ${result.revision}).`);
  const failed = result.resources.filter((r) => r.status === 'failed' || r.status === 'unknown');
  const skipped = result.resources.filter(
    (r) => r.status === 'skipped' || r.status === 'cancelled',
  );
  return [
    colors.red(
      `${title} failed: ${failed.length} failed, ${skipped.length} not applied; ${counts} (revision ${result.revision}).`,
    ),
    ...failed.map((r) => colors.red(`  ✖ ${r.id}: ${r.error ?? 'failed'}`)),
  ].join('\n');
}
