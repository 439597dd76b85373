/**
 * What a run keeps of the engine's answers: the same shapes as the CLI's `--json` documents, and
 * never the desired attributes of a plan (they may hold resolved secret values; diffs are masked
 * by the engine).
 */
import type { DriftReport, ReleaseResult, RolloutResult } from '@kusion/core';
import type { IoMessage, Plan } from '@kusion/sdk';

export function planDocument(plan: Plan): Record<string, unknown> {
  return {
    project: plan.project,
    stack: plan.stack,
    workspace: plan.workspace,
    changes: plan.changes.map((change) => ({
      id: change.id,
      type: change.type,
      action: change.action,
      reason: change.reason,
      diff: change.diff,
    })),
    summary: plan.summary,
  };
}

export function releaseDocument(result: ReleaseResult): Record<string, unknown> {
  return {
    status: result.status,
    revision: result.revision,
    hasChanges: result.hasChanges,
    plan: planDocument(result.plan),
    summary: result.summary,
    resources: result.resources.map((outcome) => ({
      id: outcome.id,
      type: outcome.type,
      action: outcome.action,
      status: outcome.status,
      durationMs: outcome.durationMs,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      ...(outcome.retries === undefined ? {} : { retries: outcome.retries }),
    })),
    durationMs: result.durationMs,
    ...(result.timings ? { timings: result.timings } : {}),
  };
}

export function driftDocument(report: DriftReport): Record<string, unknown> {
  return { drifted: report.drifted, pending: report.pending, inSync: report.inSync };
}

export function rolloutDocument(result: RolloutResult): Record<string, unknown> {
  return {
    rolloutId: result.rollout.id,
    status: result.rollout.status,
    waves: result.rollout.waves,
    hasChanges: result.hasChanges,
    durationMs: result.durationMs,
  };
}

/** The message codes whose data a log line keeps: small, and free of attributes. */
const KEPT_DATA = new Set([
  'PLAN_START',
  'APPLY_START',
  'RESOURCE_START',
  'RESOURCE_PROGRESS',
  'RESOURCE_RETRY',
  'RESOURCE_DONE',
  'LOCK_WAIT',
  'ROLLOUT_WAVE_START',
  'ROLLOUT_WAVE_DONE',
  'ROLLOUT_TARGET_START',
  'ROLLOUT_TARGET_DONE',
]);

export function eventData(message: IoMessage): Record<string, unknown> | undefined {
  if (message.code === 'PLAN_READY') {
    const { plan } = message.data as { plan: Plan };
    return { summary: plan.summary };
  }
  if (!KEPT_DATA.has(message.code)) return undefined;
  return message.data as Record<string, unknown>;
}
