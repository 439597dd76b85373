/**
 * Each stack in each workspace of a rollout runs on an engine of its own, forked from the
 * rollout's: its own hooks and plugin registry (a workspace's `plugins:` act on that workspace
 * only), its own timings, an IoHost that stamps every message with the target, and a backend whose
 * releases carry the rollout's id. The backend connection, scrubber and signals are shared.
 */
import type {
  Backend,
  IoHost,
  IoRequest,
  KusionPlugin,
  Plan,
  Release,
  ReleaseStore,
  RolloutTargetScope,
} from '@kusion/sdk';
import type { EngineContext } from '../operations/engine-context.js';
import { createHooks } from '../plugins/hooks.js';
import { createPluginRegistry } from '../plugins/plugin-registry.js';
import { createTimingsRecorder } from '../run/timings.js';

export interface TargetEngineRequest {
  readonly engine: EngineContext;
  /** The plugins the caller passed in code: every fork applies them first. */
  readonly plugins: readonly KusionPlugin[];
  readonly target: RolloutTargetScope;
  readonly rolloutId: string;
  /**
   * Answers the release's confirmation: throws when the plan differs from the one the rollout's
   * single confirmation covered. Without it, confirmations go to the caller's IoHost.
   */
  readonly confirm?: ((plan: Plan) => void) | undefined;
}

export async function createTargetEngine(request: TargetEngineRequest): Promise<EngineContext> {
  const { engine, target } = request;
  const hooks = createHooks();
  const registry = createPluginRegistry(hooks);
  for (const plugin of request.plugins) await registry.apply(plugin);
  const io: IoHost = {
    notify: (message) => engine.io.notify({ ...message, target }),
    requestResponse<R>(question: IoRequest<R>): Promise<R> {
      if (question.code === 'CONFIRM_APPLY' && request.confirm) {
        request.confirm((question.data as { plan: Plan }).plan);
        return Promise.resolve(true as R);
      }
      return engine.io.requestResponse(question);
    },
  };
  return {
    ...engine,
    io,
    hooks,
    registry,
    timings: createTimingsRecorder(),
    backend: stampingRollout(engine.backend, request.rolloutId),
  };
}

/** The same backend, whose releases made through it carry `rolloutId` (others are left as they are). */
function stampingRollout(backend: Backend, rolloutId: string): Backend {
  const { releases } = backend;
  const keyOf = (release: Release): string =>
    JSON.stringify([release.project, release.workspace, release.stack, release.revision]);
  const made = new Set<string>();
  const stampedReleases: ReleaseStore = {
    list: (scope) => releases.list(scope),
    get: (scope, revision) => releases.get(scope, revision),
    latest: (scope) => releases.latest(scope),
    async create(release, options) {
      await releases.create({ ...release, rolloutId }, options);
      made.add(keyOf(release));
    },
    update: (release, options) =>
      releases.update(made.has(keyOf(release)) ? { ...release, rolloutId } : release, options),
    openJournal: (scope, revision, options) => releases.openJournal(scope, revision, options),
  };
  return {
    name: backend.name,
    workspaces: backend.workspaces,
    releases: stampedReleases,
    locks: backend.locks,
    ...(backend.rollouts ? { rollouts: backend.rollouts } : {}),
    ...(backend.keys ? { keys: backend.keys } : {}),
  };
}
