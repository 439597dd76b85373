/**
 * The nodes the executor walks: one per resource applied on its own, one per wave of a batch
 * provider. Dependencies between resources become dependencies between their nodes; deletions
 * wait for what depended on them in the prior state.
 */
import type { ResourceState } from '@kusion/sdk';
import { computeBatchWaves } from '../graph/batch-waves.js';
import type { StackPlan } from '../plan/plan-entry.js';

export type ExecutionNode =
  | { readonly kind: 'resource'; readonly id: string; readonly entryId: string }
  | {
      readonly kind: 'batch';
      readonly id: string;
      readonly group: string;
      readonly wave: number;
      readonly waves: number;
      /** Entries of this wave; deletions belong to the last wave. */
      readonly entryIds: readonly string[];
    };

export interface ExecutionPlan {
  readonly nodes: ReadonlyMap<string, ExecutionNode>;
  /** The wave of each batch member. */
  readonly waveOf: ReadonlyMap<string, number>;
  dependenciesOf(nodeId: string): readonly string[];
}

export function buildExecutionPlan(
  stackPlan: StackPlan,
  prior: readonly ResourceState[],
): ExecutionPlan {
  const { entries, batchOf } = stackPlan;
  const { graph } = stackPlan.analysis;
  const { waveOf, wavesOfGroup } = computeBatchWaves(graph, batchOf);
  const priorDependents = reverseDependencies(prior);
  const nodes = new Map<string, ExecutionNode>();
  const nodeOfEntry = new Map<string, string>();
  const batchMembers = new Map<string, string[]>();

  for (const [id, entry] of entries) {
    const group = batchOf(id);
    if (group === undefined) {
      nodes.set(id, { kind: 'resource', id, entryId: id });
      nodeOfEntry.set(id, id);
      continue;
    }
    const waves = Math.max(1, wavesOfGroup.get(group) ?? 1);
    const wave = entry.action === 'Delete' ? waves : (waveOf.get(id) ?? 1);
    const nodeId = `batch:${group}:${wave}`;
    nodeOfEntry.set(id, nodeId);
    const members = batchMembers.get(nodeId);
    if (members) members.push(id);
    else batchMembers.set(nodeId, [id]);
    if (!nodes.has(nodeId))
      nodes.set(nodeId, { kind: 'batch', id: nodeId, group, wave, waves, entryIds: [] });
  }
  for (const [nodeId, members] of batchMembers) {
    const node = nodes.get(nodeId);
    if (node?.kind === 'batch') nodes.set(nodeId, { ...node, entryIds: members });
  }

  const entryDependencies = (id: string): readonly string[] => {
    const entry = entries.get(id);
    if (entry?.action !== 'Delete') return graph.nodes.get(id)?.dependencies ?? [];
    const dependents = priorDependents.get(id) ?? [];
    // A batch deletion waits only for deletions, so an update in another node cannot deadlock it.
    return batchOf(id) === undefined
      ? dependents
      : dependents.filter((d) => entries.get(d)?.action === 'Delete');
  };
  const dependencies = new Map<string, string[]>();
  for (const node of nodes.values()) {
    const members = node.kind === 'resource' ? [node.entryId] : node.entryIds;
    const found = new Set<string>();
    for (const member of members) {
      for (const dependency of entryDependencies(member)) {
        const dependencyNode = nodeOfEntry.get(dependency);
        if (dependencyNode !== undefined && dependencyNode !== node.id) found.add(dependencyNode);
      }
    }
    if (node.kind === 'batch' && node.wave > 1) {
      const previous = `batch:${node.group}:${node.wave - 1}`;
      if (nodes.has(previous)) found.add(previous);
    }
    dependencies.set(node.id, [...found]);
  }
  return { nodes, waveOf, dependenciesOf: (nodeId) => dependencies.get(nodeId) ?? [] };
}

/** For each resource in state, the resources that depended on it. */
function reverseDependencies(prior: readonly ResourceState[]): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const resource of prior) {
    for (const dependency of resource.dependsOn ?? []) {
      const list = dependents.get(dependency);
      if (list) list.push(resource.id);
      else dependents.set(dependency, [resource.id]);
    }
  }
  return dependents;
}
