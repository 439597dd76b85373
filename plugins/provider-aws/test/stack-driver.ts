/**
 * Drives the provider's batch form the way the engine does: plan with the priors, apply with the
 * plan's deletions, keep the resulting state. Integration tests read like a user's deploys.
 */
import type {
  Attributes,
  BatchChange,
  BatchOutcome,
  BatchProvider,
  ProviderContext,
  Resource,
  ResourceState,
} from '@kusion/sdk';
import { createRecordingIoHost } from '@kusion/testkit';
import type { RecordingIoHost } from '@kusion/testkit';
import { createAwsProvider } from '../src/index.js';

export const OPTIONS = { watch: false, forceConflicts: false };

export interface StackDriver {
  readonly provider: BatchProvider;
  readonly io: RecordingIoHost;
  readonly context: ProviderContext;
  /** Progress reports, "<id>: <status>". */
  readonly reports: string[];
  /** The state as the engine would record it. */
  state: ResourceState[];
  plan(
    resources: readonly Resource[],
    referenced?: ReadonlyMap<string, readonly string[]>,
  ): Promise<Map<string, BatchChange>>;
  /** Plans, then applies (one wave), then records the state; answers the outcomes. */
  deploy(
    resources: readonly Resource[],
    referenced?: ReadonlyMap<string, readonly string[]>,
    wave?: { readonly wave: number; readonly waves: number },
  ): Promise<Map<string, BatchOutcome>>;
  destroy(): Promise<Map<string, BatchOutcome>>;
  read(): Promise<Map<string, Attributes | undefined>>;
  close(): Promise<void>;
}

export function createStackDriver(settings: Attributes, context: ProviderContext): StackDriver {
  const provider = createAwsProvider({ settings, context });
  const batch = provider;
  const io = createRecordingIoHost();
  const signal = new AbortController().signal;
  const reports: string[] = [];
  const report = (id: string, status: string): void => {
    reports.push(`${id}: ${status}`);
  };
  const driver: StackDriver = {
    provider,
    io,
    context,
    reports,
    state: [],
    async plan(resources, referenced = new Map()) {
      const { changes } = await batch.plan({
        resources,
        unknownPaths: new Map(),
        priors: driver.state,
        referencedAttributes: referenced,
        options: OPTIONS,
        context,
        io,
        signal,
      });
      return new Map(changes);
    },
    async deploy(resources, referenced = new Map(), wave = { wave: 1, waves: 1 }) {
      const changes = await driver.plan(resources, referenced);
      const deletions = [...changes]
        .filter(([, change]) => change.action === 'Delete')
        .map(([id]) => id);
      const desired = resources.filter((resource) => changes.get(resource.id)?.action !== 'Delete');
      const result =
        desired.length || !deletions.length
          ? await batch.apply({
              resources: desired,
              priors: driver.state,
              referencedAttributes: referenced,
              deletions: wave.wave === wave.waves ? deletions : [],
              ...wave,
              options: OPTIONS,
              report,
              context,
              io,
              signal,
            })
          : await batch.delete({
              priors: driver.state,
              options: OPTIONS,
              report,
              context,
              io,
              signal,
            });
      driver.state = record(driver.state, resources, result.outcomes);
      return new Map(result.outcomes);
    },
    async destroy() {
      const result = await batch.delete({
        priors: driver.state,
        options: OPTIONS,
        report,
        context,
        io,
        signal,
      });
      driver.state = record(driver.state, [], result.outcomes);
      return new Map(result.outcomes);
    },
    async read() {
      const items = driver.state.map((prior) => ({ resource: prior, prior }));
      return new Map((await provider.read({ items, context, io, signal })).live);
    },
    close: () => provider.close?.() ?? Promise.resolve(),
  };
  return driver;
}

/** What the engine writes: applied attributes for successes, removal for deletions. */
function record(
  state: readonly ResourceState[],
  resources: readonly Resource[],
  outcomes: ReadonlyMap<string, BatchOutcome>,
): ResourceState[] {
  const byId = new Map(state.map((resource) => [resource.id, resource]));
  for (const [id, outcome] of outcomes) {
    if (outcome.status === 'deleted') byId.delete(id);
    if (outcome.status !== 'succeeded') continue;
    const resource = resources.find((candidate) => candidate.id === id) ?? byId.get(id);
    if (resource) byId.set(id, { ...resource, attributes: outcome.attributes });
  }
  return [...byId.values()];
}

export const queue = (
  name: string,
  properties: Record<string, unknown> = {},
  extra: Partial<Resource> = {},
): Resource => ({
  id: `aws:AWS::SQS::Queue:${name}`,
  type: 'AWS',
  attributes: { Type: 'AWS::SQS::Queue', Properties: properties },
  ...extra,
});

export function testContext(name: string): ProviderContext {
  return { project: name, stack: 'dev', workspace: 'test', projectDir: process.cwd() };
}
