/**
 * The dependency graph of a Spec: explicit `dependsOn`, references, and edges providers infer.
 * Built in O(N + E). Everything wrong with the Spec's shape is found here, before any plan: ids
 * with control characters, duplicates, dangling references, a resource depending on itself,
 * cycles; each problem names the resource and, where it is written in a file, `file:line` first.
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
  /** `main.yaml:12: "app" …` where the resource is written in a file, `"app" …` otherwise. */
  const problem = (id: string, text: string): string => {
    const location = options.locate?.(id);
    return location ? `${location}: ${quote(id)} ${text}` : `${quote(id)} ${text}`;
  };
  const badIds = resources.flatMap((resource) => {
    const character = CONTROL_CHARACTER.exec(resource.id)?.[0];
    return character === undefined
      ? []
      : [
          problem(
            resource.id,
            `is not a valid id: it contains the control character ${quote(character)} (U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`,
          ),
        ];
  });
  if (badIds.length) {
    throw new KusionError('SPEC_INVALID', joinProblems(badIds), {
      hint: 'ids are printed and stored as they are: use printable characters only',
    });
  }
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
  const selfEdges: string[] = [];
  for (const resource of resources) {
    const deps = new Set<string>();
    for (const dependency of resource.dependsOn ?? []) {
      if (dependency === resource.id)
        selfEdges.push(problem(resource.id, 'depends on itself (dependsOn)'));
      else if (ids.has(dependency)) deps.add(dependency);
      else
        dangling.push(problem(resource.id, `depends on "${dependency}", which is not in the spec`));
    }
    const resolved: ResourceReference[] = [];
    for (const found of findReferences(resource.attributes)) {
      const reference = splitReference(found, ids);
      const other = reference ? undefined : splitStackReference(found.text, options.stacks ?? NONE);
      if (reference?.targetId === resource.id) {
        selfEdges.push(problem(resource.id, `references itself (${found.text})`));
      } else if (reference) {
        resolved.push(reference);
        deps.add(reference.targetId);
      } else if (other) {
        resolved.push({ ...found, targetId: other.body, targetPath: [], targetStack: other.stack });
      } else {
        dangling.push(
          problem(resource.id, `references ${found.text}, which names no resource in the spec`),
        );
      }
    }
    dependencies.set(resource.id, deps);
    references.set(resource.id, resolved);
  }
  if (dangling.length) {
    throw new KusionError('GRAPH_DANGLING_REFERENCE', joinProblems(dangling), {
      hint: 'fix the id, or add the missing resource to the spec',
    });
  }
  if (selfEdges.length) {
    throw new KusionError('GRAPH_CYCLE', joinProblems(selfEdges), {
      hint: 'a resource cannot wait for itself: remove the entry, or reference another resource',
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
    const location = options.locate?.(cycle[0] ?? '');
    throw new KusionError(
      'GRAPH_CYCLE',
      `${location ? `${location}: ` : ''}dependency cycle: ${cycle.map((id) => `"${id}"`).join(' → ')}`,
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

/** C0 and C1 control characters and DEL: they would reach terminals raw and break file names. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** A JSON string literal with every control character escaped, C1 and DEL included. */
function quote(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The first problem, and how many more: one line, as every error's first line is. */
function joinProblems(problems: readonly string[]): string {
  const [first = '', ...rest] = problems;
  return rest.length ? `${first} (and ${rest.length} more: ${rest.join('; ')})` : first;
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
