/**
 * The dependency graph of a Spec: explicit `dependsOn`, references, and edges providers infer.
 * Built in O(N + E); cycles and dangling references are reported naming the resources.
 */
import { KusionError } from '@kusion/sdk';
import type { InferredDependency, Resource } from '@kusion/sdk';
import { findReferences, splitReference, splitStackReference } from './references.js';
import type { ResourceReference } from './references.js';

export interface GraphNode {
  readonly resource: Resource;
  /** Ids this resource waits for. */
  readonly dependencies: readonly string[];
  /** Ids that wait for this resource. */
  readonly dependents: readonly string[];
  readonly references: readonly ResourceReference[];
}

export interface ResourceGraph {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** Every id, dependencies before dependents; ties keep Spec order. */
  readonly order: readonly string[];
}

export interface BuildGraphOptions {
  readonly inferred?: readonly InferredDependency[];
  /** Where a resource is written (`main.yaml:12`), to point errors at it. */
  readonly locate?: (id: string) => string | undefined;
  /**
   * The other stacks of the project: a reference `$kusion_path.<stack>/…` still in the Spec (its
   * value not known yet) is no edge and no dangling reference.
   */
  readonly stacks?: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

export function buildResourceGraph(
  resources: readonly Resource[],
  options: BuildGraphOptions = {},
): ResourceGraph {
  const where = (id: string): string => {
    const location = options.locate?.(id);
    return location ? ` (${location})` : '';
  };
  const ids = new Set<string>();
  const duplicates: string[] = [];
  for (const resource of resources) {
    if (ids.has(resource.id)) duplicates.push(resource.id);
    ids.add(resource.id);
  }
  if (duplicates.length) {
    throw new KusionError(
      'SPEC_INVALID',
      `duplicate resource id${duplicates.length > 1 ? 's' : ''}: ${duplicates.map((id) => `"${id}"${where(id)}`).join(', ')}`,
      { hint: 'give every resource a unique id' },
    );
  }

  const dependencies = new Map<string, Set<string>>();
  const references = new Map<string, ResourceReference[]>();
  const dangling: string[] = [];
  for (const resource of resources) {
    const deps = new Set<string>();
    for (const dependency of resource.dependsOn ?? []) {
      if (ids.has(dependency)) deps.add(dependency);
      else
        dangling.push(
          `"${resource.id}"${where(resource.id)} depends on "${dependency}", which is not in the spec`,
        );
    }
    const resolved: ResourceReference[] = [];
    for (const found of findReferences(resource.attributes)) {
      const reference = splitReference(found, ids);
      const other = reference ? undefined : splitStackReference(found.text, options.stacks ?? NONE);
      if (reference) {
        resolved.push(reference);
        deps.add(reference.targetId);
      } else if (other) {
        resolved.push({ ...found, targetId: other.body, targetPath: [], targetStack: other.stack });
      } else {
        dangling.push(
          `"${resource.id}"${where(resource.id)} references ${found.text}, which names no resource in the spec`,
        );
      }
    }
    deps.delete(resource.id);
    dependencies.set(resource.id, deps);
    references.set(resource.id, resolved);
  }
  if (dangling.length) {
    throw new KusionError('GRAPH_DANGLING_REFERENCE', dangling.join('; '), {
      hint: 'fix the id, or add the missing resource to the spec',
    });
  }
  for (const edge of options.inferred ?? []) {
    if (edge.dependent !== edge.dependency && ids.has(edge.dependent) && ids.has(edge.dependency)) {
      dependencies.get(edge.dependent)?.add(edge.dependency);
    }
  }

  const dependents = new Map<string, string[]>([...ids].map((id) => [id, []]));
  for (const [id, deps] of dependencies) {
    for (const dependency of deps) dependents.get(dependency)?.push(id);
  }

  const order = topologicalOrder(resources, dependencies, dependents);
  if (order.length < resources.length) {
    const ordered = new Set(order);
    const cycle = findCycle(new Set([...ids].filter((id) => !ordered.has(id))), dependencies);
    throw new KusionError(
      'GRAPH_CYCLE',
      `dependency cycle: ${cycle.map((id) => `"${id}"`).join(' → ')}${where(cycle[0] ?? '')}`,
      { hint: 'remove one of these dependsOn entries or references' },
    );
  }

  const nodes = new Map<string, GraphNode>();
  for (const resource of resources) {
    nodes.set(resource.id, {
      resource,
      dependencies: [...(dependencies.get(resource.id) ?? [])],
      dependents: dependents.get(resource.id) ?? [],
      references: references.get(resource.id) ?? [],
    });
  }
  return { nodes, order };
}

/** Kahn's algorithm; nodes left out are on or behind a cycle. */
function topologicalOrder(
  resources: readonly Resource[],
  dependencies: ReadonlyMap<string, ReadonlySet<string>>,
  dependents: ReadonlyMap<string, readonly string[]>,
): string[] {
  const waiting = new Map<string, number>();
  const queue: string[] = [];
  for (const { id } of resources) {
    const count = dependencies.get(id)?.size ?? 0;
    waiting.set(id, count);
    if (count === 0) queue.push(id);
  }
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    for (const dependent of dependents.get(id) ?? []) {
      const left = (waiting.get(dependent) ?? 0) - 1;
      waiting.set(dependent, left);
      if (left === 0) queue.push(dependent);
    }
  }
  return queue;
}

/** Every node left by Kahn's algorithm has a dependency among them: walking those must loop. */
function findCycle(
  remaining: ReadonlySet<string>,
  dependencies: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const start = remaining.values().next().value as string;
  const seenAt = new Map<string, number>();
  const path: string[] = [];
  let current = start;
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    const next = [...(dependencies.get(current) ?? [])].find((d) => remaining.has(d));
    if (next === undefined) break;
    current = next;
  }
  const cycle = path.slice(seenAt.get(current) ?? 0);
  // Walking dependencies goes against the arrows; show them in apply order.
  return [...cycle.reverse(), cycle[0] ?? current];
}
