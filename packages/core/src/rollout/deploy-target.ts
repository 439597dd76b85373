/**
 * Deploying one stack in one workspace of a rollout: an ordinary release with its own lock, whose
 * references to other stacks are resolved from their releases now (the stacks before it were just
 * deployed), and whose plan must be the one confirmed (checked by the target engine's IoHost).
 */
import type { RolloutTarget, RolloutTargetStatus } from '@kusion/sdk';
import { rollbackIn } from '../operations/deploy.js';
import { runRelease } from '../operations/run-release.js';
import type { ChangeOptions, ReleaseResult } from '../operations/run-release.js';
import { resolveStackReferences } from '../operations/stack-references.js';
import type { PlannedTarget } from './rollout-plan.js';

export interface TargetOutcome {
  readonly status: RolloutTargetStatus;
  /** Set when a release was recorded, whatever its outcome. */
  readonly revision?: number;
  readonly error?: string;
  readonly durationMs: number;
}

export async function deployTarget(
  target: PlannedTarget,
  options: ChangeOptions,
): Promise<TargetOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const { session } = target;
  try {
    const spec = await resolveStackReferences(session);
    // Not `yes`: the release asks, and the target engine answers after comparing its plan with
    // the one the rollout's confirmation covered.
    const result = await runRelease({
      session,
      operation: 'deploy',
      spec,
      options: { ...options, yes: false, dryRun: false },
    });
    return { ...outcomeOf(result), durationMs: elapsed() };
  } catch (error) {
    return {
      status: 'failed',
      error: session.engine.scrubber.scrub(error instanceof Error ? error.message : String(error)),
      durationMs: elapsed(),
    };
  }
}

function outcomeOf(result: ReleaseResult): Omit<TargetOutcome, 'durationMs'> {
  if (!result.hasChanges) return { status: 'unchanged' };
  if (result.status === 'succeeded') return { status: 'succeeded', revision: result.revision };
  const failed = result.resources.filter((r) => r.status !== 'succeeded');
  return {
    status: 'failed',
    revision: result.revision,
    error: failed.map((r) => `${r.id}: ${r.error ?? r.status}`).join('; '),
  };
}

/**
 * `--rollback-on-failure`: re-applies the revision before the rollout, or destroys what the
 * rollout created when the stack had never been deployed to the workspace.
 */
export async function rollBackTarget(
  target: PlannedTarget,
  record: RolloutTarget,
  options: ChangeOptions,
): Promise<Pick<RolloutTarget, 'status' | 'rollbackRevision' | 'error'>> {
  const { session } = target;
  const changeOptions = { ...options, yes: true, dryRun: false };
  try {
    const result =
      target.previousRevision > 0
        ? await rollbackIn(session, { ...changeOptions, revision: target.previousRevision })
        : await runRelease({
            session,
            operation: 'destroy',
            spec: { resources: [] },
            options: changeOptions,
          });
    if (result.status === 'failed') {
      const failed = result.resources.filter((r) => r.status !== 'succeeded');
      return {
        status: 'rollback-failed',
        ...(result.hasChanges ? { rollbackRevision: result.revision } : {}),
        error: `${record.error ?? 'rolled back'}; the rollback failed: ${failed.map((r) => `${r.id}: ${r.error ?? r.status}`).join('; ')}`,
      };
    }
    return {
      status: 'rolled-back',
      ...(result.hasChanges ? { rollbackRevision: result.revision } : {}),
    };
  } catch (error) {
    return {
      status: 'rollback-failed',
      error: `the rollback failed: ${session.engine.scrubber.scrub(error instanceof Error ? error.message : String(error))}`,
    };
  }
}
