/** Calls a provider the way the engine does: complete requests, state recorded after apply. */
import type {
  ApplyOptions,
  ApplyRequest,
  ApplyResult,
  Attributes,
  PlanResult,
  ResourceProvider,
  ProviderContext,
  ReadinessStatus,
  Resource,
  ResourceState,
} from '@kusion/sdk';
import type { RecordingIoHost } from '../recording-io-host.js';

const OPTIONS: ApplyOptions = { watch: false, forceConflicts: false };

export interface ProviderDriver {
  read(resource: Resource, prior?: ResourceState): Promise<Attributes | undefined>;
  plan(
    resource: Resource,
    live: Attributes | undefined,
    prior?: ResourceState,
  ): Promise<PlanResult>;
  apply(
    resource: Resource,
    action: ApplyRequest['action'],
    options?: { readonly prior?: ResourceState; readonly signal?: AbortSignal },
  ): Promise<{ readonly result: ApplyResult; readonly state: ResourceState }>;
  delete(state: ResourceState): Promise<void>;
  /** Every readiness observation until ready or failed; empty when the provider cannot watch. */
  watch(state: ResourceState): Promise<ReadinessStatus[]>;
}

export function createProviderDriver(
  provider: ResourceProvider,
  context: ProviderContext,
  io: RecordingIoHost,
  reports: string[],
): ProviderDriver {
  const base = () => ({ signal: new AbortController().signal, io, context });
  const report = (status: string): void => {
    reports.push(status);
  };

  return {
    async read(resource, prior) {
      return (await provider.read({ ...base(), resource, prior })).live;
    },
    plan(resource, live, prior) {
      return provider.plan({
        ...base(),
        resource,
        unknownPaths: [],
        prior,
        live,
        options: OPTIONS,
      });
    },
    async apply(resource, action, { prior, signal } = {}) {
      const request = { ...base(), resource, prior, action, options: OPTIONS, report };
      const result = await provider.apply(signal ? { ...request, signal } : request);
      return { result, state: stateOf(resource, result.attributes, result.sensitivePaths) };
    },
    delete(state) {
      return provider.delete({ ...base(), resource: state, options: OPTIONS, report });
    },
    async watch(state) {
      const statuses: ReadinessStatus[] = [];
      if (!provider.watch) return statuses;
      for await (const status of provider.watch({ ...base(), resource: state, options: OPTIONS })) {
        statuses.push(status);
        if (status.isReady || status.isFailed) break;
      }
      return statuses;
    },
  };
}

/** What the engine records after an operation: the desired resource with the applied attributes. */
export function stateOf(
  resource: Resource,
  attributes: Attributes = resource.attributes,
  sensitivePaths?: readonly string[],
): ResourceState {
  return sensitivePaths ? { ...resource, attributes, sensitivePaths } : { ...resource, attributes };
}
