/**
 * What `kusion rollout` shows: the one plan (wave by wave, each stack in each workspace with its
 * changes), the end summary, and the `--json` document (per wave and per workspace); plus
 * `rollout list` and `rollout show`.
 */
import type { RolloutDetails, RolloutResult } from '@kusion/core';
import type { Rollout, RolloutPlan, RolloutTarget, RolloutTargetStatus } from '@kusion/sdk';
import { planDocument } from './apply-view.js';
import { planSummaryLine, renderPlan } from './plan-view.js';
import type { PlanViewOptions } from './plan-view.js';
import { formatDuration } from './terminal.js';
import type { Colors } from './terminal.js';

/** `dev → [eu, us] → prod`. */
export function describeWaves(
  waves: readonly { readonly workspaces: readonly string[] }[],
): string {
  return waves
    .map((wave) =>
      wave.workspaces.length === 1 ? (wave.workspaces[0] ?? '') : `[${wave.workspaces.join(', ')}]`,
    )
    .join(' → ');
}

export function renderRolloutPlan(plan: RolloutPlan, options: PlanViewOptions): string {
  const { colors } = options;
  const lines = [
    `Rollout ${colors.bold(plan.rolloutId)} · project ${colors.bold(plan.project)} · ${describeWaves(plan.waves)}${plan.stacks.length > 1 ? ` · stacks ${plan.stacks.join(' → ')}` : ''}`,
  ];
  for (const [index, wave] of plan.waves.entries()) {
    const parallel = wave.workspaces.length > 1 ? ' (in parallel)' : '';
    lines.push(
      '',
      colors.bold(
        `Wave ${index + 1}/${plan.waves.length} (${wave.name}): ${wave.workspaces.join(', ')}${parallel}`,
      ),
    );
    for (const target of wave.targets) {
      if (!target.hasChanges) {
        lines.push(colors.dim(`  ${target.workspace}/${target.stack}: no changes`));
        continue;
      }
      const nested = {
        ...options,
        columns: options.columns === undefined ? undefined : options.columns - 2,
      };
      for (const line of renderPlan(target.plan, nested).split('\n'))
        lines.push(line === '' ? '' : `  ${line}`);
    }
  }
  const workspaces = plan.waves.flatMap((wave) => wave.workspaces).length;
  lines.push(
    '',
    `${planSummaryLine({ ...emptyPlan(plan), summary: plan.summary }, colors)} Across ${workspaces} workspace${workspaces === 1 ? '' : 's'}${plan.stacks.length > 1 ? ` and ${plan.stacks.length} stacks` : ''}.`,
  );
  return lines.join('\n');
}

function emptyPlan(plan: RolloutPlan) {
  return { project: plan.project, stack: '', workspace: '', changes: [] };
}

const STATUS_SYMBOL: Record<RolloutTargetStatus, string> = {
  pending: '·',
  running: '…',
  succeeded: '✔',
  unchanged: '=',
  failed: '✖',
  skipped: '-',
  'rolled-back': '↩',
  'rollback-failed': '✖',
};

function paintStatus(status: RolloutTargetStatus, text: string, colors: Colors): string {
  switch (status) {
    case 'succeeded':
    case 'rolled-back':
      return colors.green(text);
    case 'failed':
    case 'rollback-failed':
      return colors.red(text);
    case 'skipped':
    case 'unchanged':
    case 'pending':
    case 'running':
      return colors.dim(text);
  }
}

/** `✔ prod/app  succeeded  revision 4 (was 3)  1.2 s`. */
export function renderTarget(target: RolloutTarget, colors: Colors): string {
  const revision =
    target.revision === undefined
      ? ''
      : `  revision ${target.revision}${target.previousRevision ? ` (was ${target.previousRevision})` : ''}`;
  const rollback =
    target.rollbackRevision === undefined
      ? ''
      : `, rolled back as revision ${target.rollbackRevision}`;
  const took = target.durationMs === undefined ? '' : `  ${formatDuration(target.durationMs)}`;
  const line = `  ${STATUS_SYMBOL[target.status]} ${target.workspace}/${target.stack}  ${target.status}${revision}${rollback}${took}`;
  const error = target.error === undefined ? '' : `\n      ${target.error}`;
  return paintStatus(target.status, line + error, colors);
}

export function renderRollout(rollout: Rollout, colors: Colors): string {
  const lines = [
    `Rollout ${colors.bold(rollout.id)} · project ${rollout.project} · ${describeWaves(rollout.waves)} · ${rollout.status}`,
    colors.dim(
      `by ${rollout.user}@${rollout.host} at ${rollout.createdAt}; stacks ${rollout.stacks.join(' → ')}${rollout.rollbackOnFailure ? '; rollback on failure' : ''}`,
    ),
  ];
  for (const [index, wave] of rollout.waves.entries()) {
    lines.push(
      `Wave ${index + 1} (${wave.name}): ${wave.status}${wave.gateError === undefined ? '' : ` — ${wave.gateError}`}`,
    );
    for (const target of wave.targets) lines.push(renderTarget(target, colors));
  }
  if (rollout.error !== undefined) lines.push(colors.red(`Error: ${rollout.error}`));
  return lines.join('\n');
}

/** The line after a rollout ran. */
export function rolloutSummaryText(result: RolloutResult, colors: Colors): string | undefined {
  if (result.isDryRun) return colors.dim('Dry run: nothing was applied.');
  if (!result.hasChanges) return undefined; // the plan said "No changes"
  const { rollout } = result;
  const targets = rollout.waves.flatMap((wave) => wave.targets);
  const count = (status: RolloutTargetStatus): number =>
    targets.filter((target) => target.status === status).length;
  const took = formatDuration(result.durationMs);
  const recorded = result.isRecorded ? '' : ' (not recorded: the backend keeps no rollouts)';
  // A target that failed keeps its error when it is rolled back afterwards.
  const failed = targets.filter((target) => target.error !== undefined).length;
  if (rollout.status === 'succeeded')
    return colors.green(
      `Rollout ${rollout.id} complete: ${count('succeeded')} deployed, ${count('unchanged')} unchanged in ${took}${recorded}.`,
    );
  const lines = [
    colors.red(
      `Rollout ${rollout.id} ${rollout.status}: ${failed} failed, ${count('succeeded')} deployed, ${count('rolled-back')} rolled back, ${count('skipped')} not started, in ${took}${recorded}.`,
    ),
  ];
  if (rollout.error !== undefined) lines.push(colors.red(`  ${rollout.error}`));
  for (const target of targets)
    if (target.status !== 'skipped') lines.push(renderTarget(target, colors));
  return lines.join('\n');
}

/** `--json`: per wave, per workspace (and stack). */
export function rolloutDocument(result: RolloutResult): Record<string, unknown> {
  const { rollout, plan } = result;
  const plans = new Map(
    plan.waves
      .flatMap((wave) => wave.targets)
      .map((target) => [`${target.workspace}/${target.stack}`, target.plan]),
  );
  return {
    status: result.isDryRun || rollout.status === 'succeeded' ? 'succeeded' : 'failed',
    rolloutId: rollout.id,
    project: rollout.project,
    stacks: rollout.stacks,
    recorded: result.isRecorded,
    ...(result.isDryRun ? { dryRun: true } : {}),
    ...(rollout.error === undefined ? {} : { reason: rollout.error }),
    waves: rollout.waves.map((wave) => ({
      name: wave.name,
      workspaces: wave.workspaces,
      status: result.isDryRun ? 'planned' : wave.status,
      ...(wave.gateError === undefined ? {} : { gateError: wave.gateError }),
      targets: wave.targets.map((target) => {
        const targetPlan = plans.get(`${target.workspace}/${target.stack}`);
        return {
          ...target,
          ...(result.isDryRun && targetPlan ? { changes: planDocument(targetPlan).changes } : {}),
        };
      }),
    })),
    summary: plan.summary,
    durationMs: result.durationMs,
  };
}

export function rolloutDetailsText(details: RolloutDetails, colors: Colors): string {
  const lines = [renderRollout(details.rollout, colors)];
  if (details.releases.length) {
    lines.push('Releases:');
    for (const release of details.releases)
      lines.push(
        `  ${release.workspace}/${release.stack} revision ${release.revision}: ${release.operation}, ${release.phase}`,
      );
  }
  return lines.join('\n');
}
