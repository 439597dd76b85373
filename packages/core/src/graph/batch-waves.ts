/**
 * Splits the resources of batch providers (CloudFormation, ARM) into ordered waves. One wave is
 * one native deployment of everything so far; a new wave starts only where a batch resource needs
 * a resource of another provider that itself needs an earlier wave — the cycle that would
 * otherwise make a single batch impossible. O(N + E), in graph order.
 */
import type { ResourceGraph } from './resource-graph.js';

export interface BatchWaves {
  /** The wave (1-based) of each batch resource. */
  readonly waveOf: ReadonlyMap<string, number>;
  /** The number of waves of each batch group. */
  readonly wavesOfGroup: ReadonlyMap<string, number>;
}

/**
 * `groupOf(id)` names the batch a resource belongs to (its provider), or undefined for resources
 * applied one by one.
 */
export function computeBatchWaves(
  graph: ResourceGraph,
  groupOf: (id: string) => string | undefined,
): BatchWaves {
  const groups = new Set<string>();
  for (const id of graph.order) {
    const group = groupOf(id);
    if (group !== undefined) groups.add(group);
  }
  const waveOf = new Map<string, number>();
  const wavesOfGroup = new Map<string, number>();
  for (const group of groups) {
    // needs.get(x): the highest wave of `group` that x depends on, through resources of other groups.
    const needs = new Map<string, number>();
    let waves = 0;
    for (const id of graph.order) {
      const dependencies = graph.nodes.get(id)?.dependencies ?? [];
      const isMember = groupOf(id) === group;
      let value = isMember ? 1 : 0;
      for (const dependency of dependencies) {
        const dependencyIsMember = groupOf(dependency) === group;
        const needed = needs.get(dependency) ?? 0;
        if (isMember) value = Math.max(value, dependencyIsMember ? needed : needed + 1);
        else value = Math.max(value, needed);
      }
      needs.set(id, value);
      if (isMember) {
        waveOf.set(id, value);
        waves = Math.max(waves, value);
      }
    }
    wavesOfGroup.set(group, waves);
  }
  return { waveOf, wavesOfGroup };
}
