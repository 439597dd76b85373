/** `rollout list` and `rollout show`: the rollout records of the project, and the releases each made. */
import { join } from 'node:path';
import { assertRolloutId } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { ReleaseOperation, ReleasePhase, Rollout, RolloutStore } from '@kusion/sdk';
import { PROJECT_FILE } from '../config/project-files.js';
import { findProjectDir } from '../config/project-stacks.js';
import { assertValidSource } from '../config/schema-validation.js';
import { readYamlSource } from '../config/yaml-source.js';
import { withEngine } from './engine-context.js';
import type { EngineContext, EngineOptions } from './engine-context.js';

export interface RolloutQueryOptions extends EngineOptions {
  /** A folder of the project; default: the current directory. */
  readonly workdir?: string | undefined;
}

export interface RolloutList {
  readonly project: string;
  /** Newest first. */
  readonly rollouts: readonly Rollout[];
}

export function listRollouts(options: RolloutQueryOptions): Promise<RolloutList> {
  return withEngine(options, async (engine) => {
    const project = await projectOf(options);
    const store = storeOf(engine);
    return { project, rollouts: [...(await store.list(project))].reverse() };
  });
}

/** A release a rollout made: a deploy, or the rollback of one. */
export interface RolloutRelease {
  readonly workspace: string;
  readonly stack: string;
  readonly revision: number;
  readonly operation: ReleaseOperation;
  readonly phase: ReleasePhase;
  readonly rolloutId: string | undefined;
}

export interface RolloutDetails {
  readonly rollout: Rollout;
  /** Read from the release store, in the rollout's order. */
  readonly releases: readonly RolloutRelease[];
}

/** One rollout (default: the latest) with the releases it made. */
export function showRollout(
  options: RolloutQueryOptions & { readonly id?: string | undefined },
): Promise<RolloutDetails> {
  return withEngine(options, async (engine) => {
    const project = await projectOf(options);
    const store = storeOf(engine);
    const rollout =
      options.id === undefined
        ? (await store.list(project)).at(-1)
        : await store.get(project, assertRolloutId(options.id));
    if (!rollout) {
      const recent = (await store.list(project)).slice(-3).map((r) => r.id);
      throw new KusionError(
        'ROLLOUT_NOT_FOUND',
        options.id === undefined
          ? `project "${project}" has no rollout yet`
          : `rollout ${options.id} does not exist in project "${project}"`,
        {
          hint: recent.length
            ? `recent rollouts: ${recent.join(', ')} (\`kusion rollout list\`)`
            : 'start one with `kusion rollout --workspaces dev,prod`',
        },
      );
    }
    const releases: RolloutRelease[] = [];
    for (const wave of rollout.waves) {
      for (const target of wave.targets) {
        for (const revision of [target.revision, target.rollbackRevision]) {
          if (revision === undefined) continue;
          const scope = { project, workspace: target.workspace, stack: target.stack };
          const release = await engine.backend.releases.get(scope, revision);
          if (!release) continue;
          releases.push({
            workspace: target.workspace,
            stack: target.stack,
            revision,
            operation: release.operation,
            phase: release.phase,
            rolloutId: release.rolloutId,
          });
        }
      }
    }
    return { rollout, releases };
  });
}

function storeOf(engine: EngineContext): RolloutStore {
  const store = engine.backend.rollouts;
  if (!store) {
    throw new KusionError(
      'BACKEND_FAILED',
      `the ${engine.backend.name} backend keeps no rollout records`,
      {
        hint: 'each release still names its rollout: `kusion release show --json` (its rolloutId)',
      },
    );
  }
  return store;
}

async function projectOf(options: RolloutQueryOptions): Promise<string> {
  const projectDir = await findProjectDir(options.workdir ?? process.cwd());
  const source = await readYamlSource(join(projectDir, PROJECT_FILE));
  await assertValidSource('project', source);
  return (source.value as { name: string }).name;
}
