/**
 * `rollout`: one change through several workspaces in waves (and, with `allStacks`, through every
 * stack of the project in dependency order). Every target is planned first and shown as one plan
 * with one confirmation; then waves run behind their gates; each stack in each workspace is an
 * ordinary release with its own lock, stamped with the rollout's id; the rollout is recorded.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { newRolloutId } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type {
  Hooks,
  KusionPlugin,
  PluginSettings,
  Rollout,
  RolloutPlan,
  Workspace,
} from '@kusion/sdk';
import { findStackDir, loadStackFiles, PROJECT_FILE } from '../config/project-files.js';
import { findProjectDir, listProjectStacks } from '../config/project-stacks.js';
import type { ProjectStack } from '../config/project-stacks.js';
import { readYamlSource } from '../config/yaml-source.js';
import { applyDeclaredPlugins } from '../plugins/declared-plugins.js';
import { createHooks } from '../plugins/hooks.js';
import { createPluginRegistry } from '../plugins/plugin-registry.js';
import { planRollout } from '../rollout/rollout-plan.js';
import { createRolloutRecorder } from '../rollout/rollout-record.js';
import { runRollout } from '../rollout/rollout-run.js';
import { chooseWaves, loadRolloutFile } from '../rollout/waves.js';
import type { WaveSpec } from '../rollout/waves.js';
import { withEngine } from './engine-context.js';
import type { EngineContext, EngineOptions } from './engine-context.js';
import type { ChangeOptions } from './run-release.js';

export interface RolloutOptions extends EngineOptions, ChangeOptions {
  /** A stack folder (or, with `allStacks`, the project folder); default: the current directory. */
  readonly workdir?: string | undefined;
  /** `dev,[eu,us],prod`: bracketed workspaces form one wave deployed in parallel. Default: `rollout.yaml`. */
  readonly workspaces?: string | undefined;
  /** A rollout file other than the project's `rollout.yaml`. */
  readonly file?: string | undefined;
  /** Every stack of the project, in dependency order. */
  readonly allStacks?: boolean | undefined;
  /** Ask before every wave after the first (`yes` answers). */
  readonly pause?: boolean | undefined;
  /** Roll back every stack the rollout changed when it stops on a failure. */
  readonly rollbackOnFailure?: boolean | undefined;
  /** Wait for the previous wave's resources to be ready before a wave (default true). */
  readonly readiness?: boolean | undefined;
}

export interface RolloutResult {
  /** The record as it ended (also when the backend does not store it). */
  readonly rollout: Rollout;
  readonly plan: RolloutPlan;
  readonly isDryRun: boolean;
  /** False when no target had anything to do (nothing recorded). */
  readonly hasChanges: boolean;
  /** Whether the backend stores the record (`rollout list/show`). */
  readonly isRecorded: boolean;
  readonly durationMs: number;
}

export function rollout(options: RolloutOptions): Promise<RolloutResult> {
  return withEngine(options, async (engine) =>
    engine.scrubber.scrubDeep(await rolloutIn(engine, options)),
  );
}

async function rolloutIn(engine: EngineContext, options: RolloutOptions): Promise<RolloutResult> {
  const started = performance.now();
  const workdir = options.workdir ?? process.cwd();
  const projectDir = await findProjectDir(workdir);
  const file = await loadRolloutFile(projectDir, options.file);
  const waves = chooseWaves(options.workspaces, file);
  const allStacks = options.allStacks ?? file?.allStacks ?? false;
  const stacks = allStacks ? await allStacksOf(projectDir) : [await stackAt(workdir)];
  const project = await projectName(projectDir);
  const workspaces = await loadWorkspaces(engine, waves);

  const rolloutId = newRolloutId();
  const plugins = options.plugins ?? [];
  const planned = await planRollout({
    engine,
    rolloutId,
    project,
    stacks,
    waves,
    plugins,
    options,
  });
  await engine.io.notify({
    level: 'info',
    code: 'ROLLOUT_PLAN_READY',
    message: 'Rollout plan ready',
    data: { plan: planned.plan },
  });

  const now = new Date().toISOString();
  const initial: Rollout = {
    id: rolloutId,
    project,
    stacks: planned.stacks,
    waves: waves.map((wave, index) => ({
      name: wave.name,
      workspaces: wave.workspaces,
      status: 'pending',
      targets: planned.targets
        .filter((target) => target.wave === index)
        .map((target) => ({
          workspace: target.workspace,
          stack: target.stack,
          status: 'pending',
          previousRevision: target.previousRevision,
          planned: target.plan.summary,
        })),
    })),
    status: 'running',
    rollbackOnFailure: options.rollbackOnFailure ?? file?.rollbackOnFailure ?? false,
    createdAt: now,
    modifiedAt: now,
    user: engine.user,
    host: hostname(),
  };
  const result = (rollout: Rollout, isRecorded: boolean, isDryRun = false): RolloutResult => ({
    rollout,
    plan: planned.plan,
    isDryRun,
    hasChanges: planned.hasChanges,
    isRecorded,
    durationMs: Math.round(performance.now() - started),
  });
  if (!planned.hasChanges) return result({ ...initial, status: 'succeeded' }, false);
  if (options.dryRun) return result(initial, false, true);
  if (!options.yes) {
    const isConfirmed = await engine.io.requestResponse({
      code: 'CONFIRM_ROLLOUT',
      message: 'Do you want to roll out these changes?',
      defaultResponse: false,
      data: { plan: planned.plan },
    });
    if (!isConfirmed) throw new KusionError('CANCELLED', 'rollout cancelled: nothing was changed');
  }

  const recorder = createRolloutRecorder({
    initial,
    store: engine.backend.rollouts,
    backendName: engine.backend.name,
    io: engine.io,
  });
  await recorder.create();
  await runRollout({
    planned,
    waves,
    recorder,
    io: engine.io,
    hooks: await rolloutHooks(projectDir, workspaces, options.plugins ?? []),
    signal: engine.signal,
    options,
    settings: {
      readiness: options.readiness ?? file?.readiness ?? true,
      pause: options.pause ?? file?.pause ?? false,
      rollbackOnFailure: initial.rollbackOnFailure,
    },
  });
  return result(recorder.current(), recorder.isRecorded);
}

async function stackAt(workdir: string): Promise<ProjectStack> {
  const files = await loadStackFiles(await findStackDir(workdir));
  return { name: files.stack.name, dir: files.stackDir };
}

async function allStacksOf(projectDir: string): Promise<ProjectStack[]> {
  const stacks = await listProjectStacks(projectDir);
  if (!stacks.length) {
    throw new KusionError('PROJECT_NOT_FOUND', `the project in ${projectDir} has no stacks`, {
      hint: 'a stack is a folder under the project folder with stack.yaml (see `kusion init`)',
    });
  }
  return stacks;
}

async function projectName(projectDir: string): Promise<string> {
  // Validated with every stack as it is opened; here only its name is needed.
  const source = await readYamlSource(join(projectDir, PROJECT_FILE));
  const name = (source.value as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}

/** Every workspace of the rollout, or one error naming all that do not exist. */
async function loadWorkspaces(
  engine: EngineContext,
  waves: readonly WaveSpec[],
): Promise<Workspace[]> {
  const names = waves.flatMap((wave) => wave.workspaces);
  const found = await Promise.all(names.map((name) => engine.backend.workspaces.get(name)));
  const missing = names.filter((_, index) => found[index] === undefined);
  if (missing.length) {
    const existing = await engine.backend.workspaces.list();
    throw new KusionError(
      'WORKSPACE_NOT_FOUND',
      `workspace${missing.length > 1 ? 's' : ''} ${missing.map((name) => `"${name}"`).join(', ')} ${missing.length > 1 ? 'do' : 'does'} not exist`,
      {
        hint: existing.length
          ? `existing workspaces: ${existing.join(', ')}; create one with \`kusion workspace create <name> -f <file>\``
          : 'create them with `kusion workspace create <name> -f <file>`',
      },
    );
  }
  return found.filter((workspace) => workspace !== undefined);
}

/**
 * The hooks `beforeWave` is called on: the plugins passed in code, the project file's, and every
 * workspace's of the rollout (a plugin named twice is applied once).
 */
async function rolloutHooks(
  projectDir: string,
  workspaces: readonly Workspace[],
  plugins: readonly KusionPlugin[],
): Promise<Hooks> {
  const hooks = createHooks();
  const registry = createPluginRegistry(hooks);
  for (const plugin of plugins) await registry.apply(plugin);
  // Validated when the stacks were opened; here only its plugins are read again.
  const projectSource = await readYamlSource(join(projectDir, PROJECT_FILE));
  const declared = (projectSource.value as { plugins?: readonly PluginSettings[] } | null)?.plugins;
  if (declared?.length)
    await applyDeclaredPlugins({
      declarations: declared,
      declaredIn: PROJECT_FILE,
      projectDir,
      registry,
    });
  for (const workspace of workspaces) {
    if (workspace.plugins?.length)
      await applyDeclaredPlugins({
        declarations: workspace.plugins,
        declaredIn: `workspace ${workspace.name}`,
        projectDir,
        registry,
      });
  }
  return hooks;
}
