/**
 * The state as a run changes it: every put and delete goes to the journal the moment it happens,
 * so a killed process loses nothing, and the final snapshot keeps the Spec's order.
 */
import { isDeepStrictEqual } from 'node:util';
import { createFieldMatcher } from '@kusion/sdk';
import type {
  Attributes,
  PendingOperation,
  Resource,
  ResourceState,
  StateJournal,
} from '@kusion/sdk';
import type { ResourceGraph } from '../graph/resource-graph.js';
import { hashSensitive } from '@kusion/backend-kit';

export interface StateTracker {
  get(id: string): ResourceState | undefined;
  /** Records a resource as applied; sensitive values are hashed before they are stored. */
  put(resource: Resource, applied: Attributes, sensitivePaths: readonly string[]): Promise<void>;
  /**
   * Records the live object of a resource the plan left unchanged, when it differs from what is
   * recorded: changes made outside Kusion that the Spec does not contradict (a label another field
   * manager added) are then no longer reported as drift. Writes nothing when they are equal.
   */
  refresh(resource: Resource, live: Attributes, sensitivePaths: readonly string[]): Promise<void>;
  /**
   * Records that an operation on `resource` is under way or was aborted, its outcome unknown
   * (`attributes`: what was asked for); the next plan reads it back.
   */
  markPending(
    resource: Resource,
    attributes: Attributes,
    sensitivePaths: readonly string[],
    pending: Omit<PendingOperation, 'since'>,
  ): Promise<void>;
  remove(id: string): Promise<void>;
  /** Resources of the Spec in graph order, then the rest in their prior order. */
  snapshot(): ResourceState[];
}

/**
 * `onJournalFailure` hears of every append the journal refused (the lock lost, a full disk): the
 * run cannot record what it does, so it must stop.
 */
export function createStateTracker(
  prior: readonly ResourceState[],
  graph: ResourceGraph,
  journal: StateJournal,
  onJournalFailure: (error: unknown) => void = () => undefined,
): StateTracker {
  const current = new Map(prior.map((r) => [r.id, r]));
  const append: StateJournal['append'] = async (entry) => {
    try {
      await journal.append(entry);
    } catch (error) {
      onJournalFailure(error);
      throw error;
    }
  };
  const record = async (
    resource: Resource,
    attributes: Attributes,
    sensitivePaths: readonly string[],
    pending?: PendingOperation,
  ) => {
    const dependsOn = graph.nodes.get(resource.id)?.dependencies ?? resource.dependsOn ?? [];
    const entry: ResourceState = {
      id: resource.id,
      type: resource.type,
      attributes,
      ...(dependsOn.length ? { dependsOn } : {}),
      ...(resource.extensions ? { extensions: resource.extensions } : {}),
      ...(sensitivePaths.length ? { sensitivePaths } : {}),
      ...(pending ? { pending } : {}),
    };
    current.set(resource.id, entry);
    await append({ op: 'put', resource: entry });
  };
  const hashed = (resource: Resource, attributes: Attributes, sensitivePaths: readonly string[]) =>
    hashSensitive(resource.id, attributes, createFieldMatcher(sensitivePaths));
  return {
    get: (id) => current.get(id),
    put: (resource, applied, sensitivePaths) =>
      record(resource, hashed(resource, applied, sensitivePaths), sensitivePaths),
    async refresh(resource, live, sensitivePaths) {
      const attributes = hashed(resource, live, sensitivePaths);
      const recorded = current.get(resource.id);
      // A pending record is settled by what was read back, even when its attributes match.
      if (recorded && !recorded.pending && isDeepStrictEqual(recorded.attributes, attributes))
        return;
      await record(resource, attributes, sensitivePaths);
    },
    markPending: (resource, attributes, sensitivePaths, pending) =>
      record(resource, hashed(resource, attributes, sensitivePaths), sensitivePaths, {
        ...pending,
        since: new Date().toISOString(),
      }),
    async remove(id) {
      current.delete(id);
      await append({ op: 'delete', id });
    },
    snapshot() {
      const ordered: ResourceState[] = [];
      const seen = new Set<string>();
      for (const id of graph.order) {
        const record = current.get(id);
        if (record) {
          ordered.push(record);
          seen.add(id);
        }
      }
      for (const [id, record] of current) if (!seen.has(id)) ordered.push(record);
      return ordered;
    },
  };
}
