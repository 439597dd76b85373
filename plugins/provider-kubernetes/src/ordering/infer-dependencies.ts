/**
 * The order Kubernetes needs without the user writing `dependsOn`: a Namespace before what lives
 * in it, a CustomResourceDefinition before its custom resources, and RBAC, ServiceAccounts,
 * ConfigMaps, Secrets and claims before the workloads of their namespace. An inferred edge that
 * would close a cycle with the user's own edges is left out: the user's order wins.
 */
import type { InferredDependency, Resource } from '@kusion/sdk';
import { isKusionPath, KUSION_PATH_PREFIX } from '@kusion/sdk';
import { isJsonObject, stringAt } from '../manifest/json-object.js';
import { groupOf, refOf } from '../manifest/object-ref.js';
import type { ObjectRef } from '../manifest/object-ref.js';
import {
  isClusterRbac,
  isCustomResourceDefinition,
  isKnownClusterScoped,
  isWorkload,
  isWorkloadPrerequisite,
} from '../manifest/well-known-kinds.js';

export const KUBERNETES_TYPE = 'Kubernetes';

export interface InferredOrder {
  readonly edges: InferredDependency[];
  /** `group/Kind` of the custom resources whose CRD is in the Spec. */
  readonly kindsDefinedInSpec: Set<string>;
}

interface Entry {
  readonly id: string;
  readonly attributes: Resource['attributes'];
  readonly ref: ObjectRef;
  /** Undefined for cluster-scoped objects. */
  readonly namespace: string | undefined;
}

export function inferDependencies(
  resources: readonly Resource[],
  defaultNamespace = 'default',
): InferredOrder {
  const entries: Entry[] = [];
  for (const resource of resources) {
    if (resource.type !== KUBERNETES_TYPE) continue;
    const ref = refOf(resource.attributes);
    if (!ref) continue;
    const namespace = isKnownClusterScoped(ref.apiVersion, ref.kind)
      ? undefined
      : (ref.namespace ?? defaultNamespace);
    entries.push({ id: resource.id, attributes: resource.attributes, ref, namespace });
  }

  const namespaces = new Map<string, string>();
  const crds = new Map<string, string>();
  const prerequisites = new Map<string, string[]>();
  const clusterRbac: string[] = [];
  for (const entry of entries) {
    const { apiVersion, kind, name } = entry.ref;
    if (apiVersion === 'v1' && kind === 'Namespace') namespaces.set(name, entry.id);
    if (isCustomResourceDefinition(apiVersion, kind)) {
      const group = stringAt(entry.attributes, 'spec', 'group');
      const definedKind = stringAt(entry.attributes, 'spec', 'names', 'kind');
      if (group && definedKind) crds.set(`${group}/${definedKind}`, entry.id);
    }
    if (isClusterRbac(apiVersion, kind)) clusterRbac.push(entry.id);
    if (entry.namespace !== undefined && isWorkloadPrerequisite(apiVersion, kind)) {
      const list = prerequisites.get(entry.namespace) ?? [];
      list.push(entry.id);
      prerequisites.set(entry.namespace, list);
    }
  }

  const candidates: InferredDependency[] = [];
  const add = (dependent: string, dependency: string | undefined): void => {
    if (dependency !== undefined && dependency !== dependent)
      candidates.push({ dependent, dependency });
  };
  for (const entry of entries) {
    const { apiVersion, kind } = entry.ref;
    if (entry.namespace !== undefined) add(entry.id, namespaces.get(entry.namespace));
    add(entry.id, crds.get(`${groupOf(apiVersion)}/${kind}`));
    if (isWorkload(apiVersion, kind)) {
      for (const dependency of prerequisites.get(entry.namespace ?? '') ?? [])
        add(entry.id, dependency);
      for (const dependency of clusterRbac) add(entry.id, dependency);
    }
  }
  return { edges: withoutCycles(resources, candidates), kindsDefinedInSpec: new Set(crds.keys()) };
}

/** Keeps the inferred edges that do not close a cycle with the user's edges (dependsOn, references). */
function withoutCycles(
  resources: readonly Resource[],
  candidates: readonly InferredDependency[],
): InferredDependency[] {
  const graph = explicitEdges(resources);
  if (graph.size === 0) return [...candidates];
  const kept: InferredDependency[] = [];
  for (const edge of candidates) {
    if (reaches(graph, edge.dependency, edge.dependent)) continue;
    kept.push(edge);
    const dependencies = graph.get(edge.dependent) ?? new Set<string>();
    dependencies.add(edge.dependency);
    graph.set(edge.dependent, dependencies);
  }
  return kept;
}

/** dependent → its dependencies, from `dependsOn` and `$kusion_path` references, of every type. */
function explicitEdges(resources: readonly Resource[]): Map<string, Set<string>> {
  const ids = new Set(resources.map((r) => r.id));
  const graph = new Map<string, Set<string>>();
  for (const resource of resources) {
    const dependencies = new Set(resource.dependsOn ?? []);
    for (const text of referenceStrings(resource.attributes)) {
      const target = referencedId(text, ids);
      if (target !== undefined) dependencies.add(target);
    }
    dependencies.delete(resource.id);
    if (dependencies.size) graph.set(resource.id, dependencies);
  }
  return graph;
}

function reaches(
  graph: ReadonlyMap<string, ReadonlySet<string>>,
  from: string,
  to: string,
): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of graph.get(id) ?? []) stack.push(next);
  }
  return false;
}

function referenceStrings(value: unknown): string[] {
  if (isKusionPath(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(referenceStrings);
  if (isJsonObject(value)) return Object.values(value).flatMap(referenceStrings);
  return [];
}

/** Ids may contain dots: the longest id followed by a path wins, as the engine splits them. */
function referencedId(text: string, ids: ReadonlySet<string>): string | undefined {
  const body = text.slice(KUSION_PATH_PREFIX.length);
  for (let dot = body.lastIndexOf('.'); dot > 0; dot = body.lastIndexOf('.', dot - 1)) {
    if (ids.has(body.slice(0, dot))) return body.slice(0, dot);
  }
  return undefined;
}
