/**
 * Calls a batch provider the way the engine does: whole batches, cumulative waves, and the state
 * recorded from each outcome, so the next request carries the right priors.
 */
import type {
  ApplyOptions,
  Attributes,
  BatchApplyResult,
  BatchPlanResult,
  BatchProvider,
  ProviderContext,
  Resource,
  ResourceState,
} from '@kusion/sdk';
import type { RecordingIoHost } from '../recording-io-host.js';

const OPTIONS: ApplyOptions = { watch: false, forceConflicts: false };

export interface BatchApplyOptions {
  readonly wave?: number;
  readonly waves?: number;
  readonly deletions?: readonly string[];
  /** Attribute paths other providers reference, per id. */
  readonly referencedAttributes?: ReadonlyMap<string, readonly string[]>;
  readonly signal?: AbortSignal;
}

export interface BatchDriver {
  readonly context: ProviderContext;
  /** What the state holds now, as the engine would record it. */
  readonly state: ReadonlyMap<string, ResourceState>;
  plan(
    resources: readonly Resource[],
    referencedAttributes?: ReadonlyMap<string, readonly string[]>,
  ): Promise<BatchPlanResult>;
  apply(resources: readonly Resource[], options?: BatchApplyOptions): Promise<BatchApplyResult>;
  /** Deletes everything the state holds. */
  delete(): Promise<BatchApplyResult>;
  read(resources: readonly Resource[]): Promise<ReadonlyMap<string, Attributes | undefined>>;
}

export function createBatchDriver(
  provider: BatchProvider,
  context: ProviderContext,
  io: RecordingIoHost,
  reports: string[],
): BatchDriver {
  const state = new Map<string, ResourceState>();
  const base = () => ({ signal: new AbortController().signal, io, context, options: OPTIONS });
  const report = (id: string, status: string): void => {
    reports.push(`${id}: ${status}`);
  };
  const record = (resources: readonly Resource[], result: BatchApplyResult): void => {
    const byId = new Map(resources.map((r) => [r.id, r]));
    for (const [id, outcome] of result.outcomes) {
      if (outcome.status === 'deleted') state.delete(id);
      if (outcome.status !== 'succeeded') continue;
      const resource = byId.get(id) ?? state.get(id);
      if (!resource) continue;
      state.set(id, {
        id,
        type: resource.type,
        attributes: outcome.attributes,
        ...(resource.extensions ? { extensions: resource.extensions } : {}),
        ...(outcome.sensitivePaths?.length ? { sensitivePaths: outcome.sensitivePaths } : {}),
      });
    }
  };

  return {
    context,
    state,
    plan(resources, referencedAttributes = new Map()) {
      return provider.plan({
        ...base(),
        resources,
        unknownPaths: new Map(),
        priors: [...state.values()],
        referencedAttributes,
      });
    },
    async apply(resources, options = {}) {
      const result = await provider.apply({
        ...base(),
        ...(options.signal ? { signal: options.signal } : {}),
        resources,
        priors: [...state.values()],
        referencedAttributes: options.referencedAttributes ?? new Map(),
        deletions: options.deletions ?? [],
        wave: options.wave ?? 1,
        waves: options.waves ?? 1,
        report,
      });
      record(resources, result);
      return result;
    },
    async delete() {
      const result = await provider.delete({ ...base(), priors: [...state.values()], report });
      record([], result);
      return result;
    },
    async read(resources) {
      const result = await provider.read({
        ...base(),
        items: resources.map((resource) => ({ resource, prior: state.get(resource.id) })),
      });
      return result.live;
    },
  };
}
