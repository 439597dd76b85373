/**
 * Runs the confirmed rollout wave by wave: the gates, then every workspace of the wave in parallel
 * (in each, its stacks one after another in dependency order). On the first failure nothing new
 * starts — what is in flight finishes — the rest is skipped, and with `--rollback-on-failure`
 * every stack the rollout changed goes back to its previous revision, newest first.
 */
import type { Hooks, IoHost, RolloutStatus, RolloutTarget } from '@kusion/sdk';
import type { ChangeOptions } from '../operations/run-release.js';
import { deployTarget, rollBackTarget } from './deploy-target.js';
import type { PlannedRollout, PlannedTarget } from './rollout-plan.js';
import type { RolloutRecorder } from './rollout-record.js';
import { passWaveGates, waveGate } from './wave-gates.js';
import type { WaveSpec } from './waves.js';

export interface RunRolloutRequest {
  readonly planned: PlannedRollout;
  readonly waves: readonly WaveSpec[];
  readonly recorder: RolloutRecorder;
  readonly io: IoHost;
  readonly hooks: Hooks;
  /** The first Ctrl-C: nothing new starts. */
  readonly signal: AbortSignal;
  readonly options: ChangeOptions;
  readonly settings: {
    readonly readiness: boolean;
    readonly pause: boolean;
    readonly rollbackOnFailure: boolean;
  };
}

export async function runRollout(request: RunRolloutRequest): Promise<void> {
  const { planned, waves, recorder, io } = request;
  const rolloutId = recorder.current().id;
  let failure: string | undefined;

  for (const [index, wave] of waves.entries()) {
    const targets = planned.targets.filter((target) => target.wave === index);
    if (failure !== undefined || isStopped(request.signal)) {
      failure ??= 'stopped by Ctrl-C';
      await recorder.wave(index, { status: 'skipped' });
      for (const target of targets) await recorder.target(target, { status: 'skipped' });
      continue;
    }
    if (index > 0) {
      try {
        await passWaveGates({
          io,
          hooks: request.hooks,
          signal: request.signal,
          gate: waveGate({
            rolloutId,
            project: planned.plan.project,
            index,
            waves,
            stacks: planned.stacks,
            previous: recorder.current().waves.slice(0, index),
          }),
          wave,
          previous: planned.targets.filter(
            (target) => target.wave === index - 1 && target.hasChanges,
          ),
          readiness: request.settings.readiness,
          pause: request.settings.pause || wave.pause,
          yes: request.options.yes === true,
          options: request.options,
        });
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        await recorder.wave(index, { status: 'skipped', gateError: failure });
        for (const target of targets) await recorder.target(target, { status: 'skipped' });
        continue;
      }
    }
    failure = await runWave(request, index, wave, targets);
  }

  if (failure === undefined) {
    await recorder.finish('succeeded');
    return;
  }
  // Ctrl-C stops the rollout where it is: nothing more is changed, rollbacks included.
  const status: RolloutStatus = isStopped(request.signal) ? 'cancelled' : 'failed';
  if (request.settings.rollbackOnFailure && status === 'failed') await rollBack(request);
  await recorder.finish(status, failure);
}

/** Read through a call: the signal changes while the rollout awaits. */
function isStopped(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** One wave: its workspaces in parallel; answers the first failure, if any. */
async function runWave(
  request: RunRolloutRequest,
  index: number,
  wave: WaveSpec,
  targets: readonly PlannedTarget[],
): Promise<string | undefined> {
  const { recorder, io } = request;
  const number = index + 1;
  await recorder.wave(index, { status: 'running' });
  await io.notify({
    level: 'info',
    code: 'ROLLOUT_WAVE_START',
    message: `Wave ${number}/${request.waves.length} (${wave.name}): ${wave.workspaces.join(', ')}`,
    data: { wave: number, name: wave.name, workspaces: wave.workspaces },
  });
  let failure: string | undefined;
  await Promise.all(
    wave.workspaces.map(async (workspace) => {
      for (const target of targets.filter((t) => t.workspace === workspace)) {
        if (failure !== undefined || request.signal.aborted) {
          await recorder.target(target, { status: 'skipped' });
          continue;
        }
        await recorder.target(target, { status: 'running' });
        await io.notify({
          level: 'info',
          code: 'ROLLOUT_TARGET_START',
          message: `[${workspace}] deploying stack ${target.stack}`,
          data: { workspace, stack: target.stack, wave: number },
          target: { workspace, stack: target.stack },
        });
        const outcome = await deployTarget(target, request.options);
        await recorder.target(target, outcome);
        await io.notify({
          level: outcome.status === 'failed' ? 'error' : 'info',
          code: 'ROLLOUT_TARGET_DONE',
          message: `[${workspace}] stack ${target.stack}: ${outcome.status}${outcome.error === undefined ? '' : `: ${outcome.error}`}`,
          data: { workspace, stack: target.stack, wave: number, ...outcome },
          target: { workspace, stack: target.stack },
        });
        if (outcome.status === 'failed')
          failure ??= `stack "${target.stack}" failed in workspace "${workspace}": ${outcome.error ?? 'failed'}`;
      }
    }),
  );
  const status = failure === undefined ? 'succeeded' : 'failed';
  await recorder.wave(index, { status });
  await io.notify({
    level: status === 'failed' ? 'error' : 'info',
    code: 'ROLLOUT_WAVE_DONE',
    message: `Wave ${number} (${wave.name}) ${status}`,
    data: { wave: number, name: wave.name, status },
  });
  return failure;
}

/**
 * Every target with a release of this rollout goes back to its previous revision: workspaces in
 * parallel, in each the stacks in reverse deploy order (dependents before what they reference).
 */
async function rollBack(request: RunRolloutRequest): Promise<void> {
  const { recorder, io, planned } = request;
  const recorded = new Map<string, RolloutTarget>();
  for (const wave of recorder.current().waves)
    for (const target of wave.targets) recorded.set(`${target.workspace}/${target.stack}`, target);
  const changed = planned.targets.filter(
    (target) => recorded.get(`${target.workspace}/${target.stack}`)?.revision !== undefined,
  );
  const workspaces = [...new Set(changed.map((target) => target.workspace))];
  await Promise.all(
    workspaces.map(async (workspace) => {
      for (const target of changed.filter((t) => t.workspace === workspace).reverse()) {
        const record = recorded.get(`${workspace}/${target.stack}`) as RolloutTarget;
        const scope = { workspace, stack: target.stack };
        await io.notify({
          level: 'info',
          code: 'ROLLOUT_ROLLBACK',
          message: `[${workspace}] rolling stack ${target.stack} back to ${target.previousRevision ? `revision ${target.previousRevision}` : 'nothing (destroying what the rollout created)'}`,
          data: { ...scope, toRevision: target.previousRevision, status: 'started' },
          target: scope,
        });
        const outcome = await rollBackTarget(target, record, request.options);
        await recorder.target(target, outcome);
        const isDone = outcome.status === 'rolled-back';
        await io.notify({
          level: isDone ? 'info' : 'error',
          code: 'ROLLOUT_ROLLBACK',
          message: !isDone
            ? `[${workspace}] stack ${target.stack}: ${outcome.error ?? 'the rollback failed'}`
            : outcome.rollbackRevision === undefined
              ? `[${workspace}] stack ${target.stack}: nothing to roll back (no change was applied)`
              : `[${workspace}] stack ${target.stack} rolled back (revision ${outcome.rollbackRevision})`,
          data: {
            ...scope,
            toRevision: target.previousRevision,
            status: isDone ? 'succeeded' : 'failed',
            ...(outcome.rollbackRevision === undefined
              ? {}
              : { revision: outcome.rollbackRevision }),
            ...(outcome.error === undefined ? {} : { error: outcome.error }),
          },
          target: scope,
        });
      }
    }),
  );
}
