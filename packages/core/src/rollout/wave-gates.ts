/**
 * The gates before each wave after the first, in order: the previous wave's resources are ready
 * (where their providers can tell), the bake time has passed, no plugin vetoes (`beforeWave`), and —
 * with `--pause` or `pause: true` — a person says go (`--yes` answers for them). The first gate that
 * fails stops the rollout, saying why.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { KusionError } from '@kusion/sdk';
import type { Hooks, IoHost, RolloutGateKind, RolloutWave, WaveGate } from '@kusion/sdk';
import { waitUntilReady } from '../apply/readiness.js';
import { formatMs } from './format-ms.js';
import type { PlannedTarget } from './rollout-plan.js';
import type { ChangeOptions } from '../operations/run-release.js';
import type { WaveSpec } from './waves.js';

export interface WaveGateRequest {
  readonly io: IoHost;
  /** The rollout's hooks: plugins of the project file, of every workspace, and those passed in code. */
  readonly hooks: Hooks;
  readonly signal: AbortSignal;
  readonly gate: WaveGate;
  readonly wave: WaveSpec;
  /** Targets of the previous wave that changed something, to wait for. */
  readonly previous: readonly PlannedTarget[];
  readonly readiness: boolean;
  readonly pause: boolean;
  readonly yes: boolean;
  readonly options: ChangeOptions;
}

/** Passes every gate before a wave, or throws the reason it stops (`WAVE_GATE_FAILED`, `WAVE_VETOED`, `CANCELLED`). */
export async function passWaveGates(request: WaveGateRequest): Promise<void> {
  const { gate, io } = request;
  const notify = (kind: RolloutGateKind, isPassed: boolean | undefined, message: string) =>
    io.notify({
      level: isPassed === false ? 'warn' : 'info',
      code: 'ROLLOUT_GATE',
      message,
      data: { wave: gate.wave, gate: kind, isPassed },
    });
  const title = `wave ${gate.wave} (${gate.name})`;

  if (request.readiness && request.previous.length) {
    await notify(
      'readiness',
      undefined,
      `Before ${title}: waiting for the previous wave to be ready`,
    );
    try {
      await Promise.all(request.previous.map((target) => waitForTarget(target, request.options)));
    } catch (error) {
      throw new KusionError(
        'WAVE_GATE_FAILED',
        `${title} did not start: the previous wave is not ready: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
          hint: 'look at the resource named above; `kusion rollout show <id>` lists what was deployed',
        },
      );
    }
    await notify('readiness', true, `Before ${title}: the previous wave is ready`);
  }

  if (request.wave.bakeMs > 0) {
    await notify('bake', undefined, `Before ${title}: baking for ${formatMs(request.wave.bakeMs)}`);
    await sleep(request.wave.bakeMs, undefined, { signal: request.signal }).catch(() => undefined);
    request.signal.throwIfAborted();
    await notify('bake', true, `Before ${title}: bake time passed`);
  }

  const veto = await request.hooks.beforeWave.promise(gate);
  if (veto) {
    const by = veto.plugin === undefined ? 'a plugin' : `plugin ${veto.plugin}`;
    await notify('plugin', false, `${title} vetoed by ${by}: ${veto.reason}`);
    throw new KusionError('WAVE_VETOED', `${title} stopped by ${by}: ${veto.reason}`, {
      hint: 'fix what the plugin reports, then run the rollout again (finished workspaces are unchanged by it)',
    });
  }

  if (request.pause) {
    await notify('pause', undefined, `Before ${title}: paused`);
    const isApproved =
      request.yes ||
      (await io.requestResponse({
        code: 'CONFIRM_WAVE',
        message: `Deploy ${title} to ${gate.workspaces.join(', ')}?`,
        defaultResponse: false,
        data: { gate },
      }));
    if (!isApproved) {
      await notify('pause', false, `${title} was not approved`);
      throw new KusionError('CANCELLED', `the rollout stopped before ${title}: not approved`, {
        hint: 'run it again (finished workspaces plan no changes), or pass --yes to answer every pause',
      });
    }
    await notify('pause', true, `${title} approved`);
  }
}

/** Waits until every resource the target's latest release holds is ready, where its provider can tell. */
async function waitForTarget(target: PlannedTarget, options: ChangeOptions): Promise<void> {
  const { session } = target;
  const latest = await session.engine.backend.releases.latest(session.scope);
  const resources = latest?.state.resources ?? [];
  if (!resources.length) return;
  const providers = await session.loadProviders(new Set(resources.map((r) => r.type)));
  try {
    const run = session.createRun(options);
    await Promise.all(
      resources.map(async (resource) => {
        const provider = providers.forType(resource.type);
        if (provider.kind !== 'resource') return;
        await waitUntilReady({ provider, resource, run, report: () => undefined }).catch(
          (error: unknown) => {
            throw new KusionError(
              'WAVE_GATE_FAILED',
              `[${target.workspace}/${target.stack}] ${resource.id}: ${error instanceof Error ? error.message : String(error)}`,
              { cause: error },
            );
          },
        );
      }),
    );
  } finally {
    await providers.closeAll();
  }
}

/** What the gate of wave `index` (0-based) tells plugins. */
export function waveGate(request: {
  readonly rolloutId: string;
  readonly project: string;
  readonly index: number;
  readonly waves: readonly WaveSpec[];
  readonly stacks: readonly string[];
  readonly previous: readonly RolloutWave[];
}): WaveGate {
  const wave = request.waves[request.index];
  return {
    rolloutId: request.rolloutId,
    project: request.project,
    wave: request.index + 1,
    waves: request.waves.length,
    name: wave?.name ?? `wave-${request.index + 1}`,
    workspaces: wave?.workspaces ?? [],
    stacks: request.stacks,
    previous: request.previous,
  };
}
