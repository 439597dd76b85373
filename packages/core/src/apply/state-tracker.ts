/**
 * The state as a run changes it: every put and delete goes to the journal the moment it happens,
 * so a killed process loses nothing, and the final snapshot keeps the Spec's order.
 */
import { isDeepStrictEqual } from 'node:util';
import { createFieldMatcher } from '@kusion/sdk';
import type { Attributes, Resource, ResourceState, StateJournal } from '@kusion/sdk';
import type { ResourceGraph } from '../graph/resource-graph.js';
import { hashSensitive } from '../plan/sensitive-hash.js';

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
  remove(id: string): Promise<void>;
  /** Resources of the Spec in graph order, then the rest in their prior order. */
  snapshot(): ResourceState[];
}

export function createStateTracker(
  prior: readonly ResourceState[],
  graph: ResourceGraph,
  journal: StateJournal,
): StateTracker {
  const current = new Map(prior.map((r) => [r.id, r]));
  const record = async (
    resource: Resource,
    attributes: Attributes,
    sensitivePaths: readonly string[],
  ) => {
    const dependsOn = graph.nodes.get(resource.id)?.dependencies ?? resource.dependsOn ?? [];
    const entry: ResourceState = {
      id: resource.id,
      type: resource.type,
      attributes,
      ...(dependsOn.length ? { dependsOn } : {}),
      ...(resource.extensions ? { extensions: resource.extensions } : {}),
      ...(sensitivePaths.length ? { sensitivePaths } : {}),
    };
    current.set(resource.id, entry);
    await journal.append({ op: 'put', resource: entry });
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
      if (recorded && isDeepStrictEqual(recorded.attributes, attributes)) return;
      await record(resource, attributes, sensitivePaths);
    },
    async remove(id) {
      current.delete(id);
      await journal.append({ op: 'delete', id });
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
