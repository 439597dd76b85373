/**
 * Kusion's kind ordering (`OrderedResources` of its module framework), as `dependsOn`: a
 * Kubernetes object waits for the objects of the kinds before its own in the list below — the
 * Namespace first, then CRDs, RBAC and configuration, then Services, volumes and workloads. A kind
 * outside the list (an Ingress, a custom resource) comes after every listed kind.
 *
 * Each object depends on the objects of the nearest earlier kind present, which orders it after
 * every earlier kind through them, with a handful of edges instead of one per pair. An edge that
 * would close a cycle with what the Spec already says (`dependsOn`, `$kusion_path`) is left out:
 * the Spec's own order wins.
 */
import type { Resource } from '@kusion/sdk';
import { findReferences, splitReference } from '../graph/references.js';

export const ORDERED_KINDS: readonly string[] = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

const UNLISTED = ORDERED_KINDS.length;

/** The resources with ordering edges added to `dependsOn` (others unchanged, order kept). */
export function orderByKind(resources: readonly Resource[]): Resource[] {
  const rankOf = (resource: Resource): number | undefined => {
    if (resource.type !== 'Kubernetes') return undefined;
    const kind = resource.attributes.kind;
    if (typeof kind !== 'string') return undefined;
    const index = ORDERED_KINDS.indexOf(kind);
    return index === -1 ? UNLISTED : index;
  };
  const idsByRank = new Map<number, string[]>();
  for (const resource of resources) {
    const rank = rankOf(resource);
    if (rank !== undefined) idsByRank.set(rank, [...(idsByRank.get(rank) ?? []), resource.id]);
  }
  const ranks = [...idsByRank.keys()].sort((a, b) => a - b);
  const edges = existingEdges(resources);
  return resources.map((resource) => {
    const rank = rankOf(resource);
    if (rank === undefined) return resource;
    const previous = ranks.filter((r) => r < rank && r < UNLISTED).at(-1);
    if (previous === undefined) return resource;
    const added = (idsByRank.get(previous) ?? []).filter(
      (target) => !resource.dependsOn?.includes(target) && !reaches(edges, target, resource.id),
    );
    if (!added.length) return resource;
    edges.set(resource.id, [...(edges.get(resource.id) ?? []), ...added]);
    return { ...resource, dependsOn: [...(resource.dependsOn ?? []), ...added] };
  });
}

/** Who depends on whom, from `dependsOn` and `$kusion_path` references. */
function existingEdges(resources: readonly Resource[]): Map<string, string[]> {
  const ids = new Set(resources.map((r) => r.id));
  const edges = new Map<string, string[]>();
  for (const resource of resources) {
    const targets = [
      ...(resource.dependsOn ?? []),
      ...findReferences(resource.attributes)
        .map((found) => splitReference(found, ids)?.targetId)
        .filter((id) => id !== undefined),
    ];
    edges.set(resource.id, targets);
  }
  return edges;
}

/** Whether `from` already depends, directly or not, on `to`. */
function reaches(edges: ReadonlyMap<string, readonly string[]>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(edges.get(id) ?? []));
  }
  return false;
}
