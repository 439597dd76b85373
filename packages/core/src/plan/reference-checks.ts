/**
 * References that are bound to fail, found while planning so that a deploy never applies part of
 * a plan that cannot finish: a `$kusion_path` into a resource this plan leaves unchanged names a
 * value that is already known (the live object, the recorded state), so a path it does not have
 * fails now, in `preview` as in `deploy`, rather than after other resources were changed.
 */
import { getAtPath, isKusionPath, KusionError } from '@kusion/sdk';
import type { Attributes, ResourceState } from '@kusion/sdk';
import type { ResourceGraph } from '../graph/resource-graph.js';
import type { PlanEntry } from './plan-entry.js';

export function checkKnownReferences(
  graph: ResourceGraph,
  entries: ReadonlyMap<string, PlanEntry>,
  priorById: ReadonlyMap<string, ResourceState>,
  locate: (id: string) => string | undefined,
  batchOf: (id: string) => string | undefined,
): void {
  const problems: string[] = [];
  for (const node of graph.nodes.values()) {
    if (!entries.has(node.resource.id)) continue; // not in this plan (--target)
    for (const reference of node.references) {
      const target = entries.get(reference.targetId);
      if (target?.action !== 'UnChanged') continue;
      // A batch member's attributes are what its native engine exposes (stack outputs), wired by
      // that engine inside the batch: only a resource provider's object is known whole.
      if (batchOf(reference.targetId) !== undefined) continue;
      const sources: (Attributes | undefined)[] = [
        target.predicted,
        target.live,
        priorById.get(reference.targetId)?.attributes,
      ];
      const isKnown = sources.some((source) => {
        const found = getAtPath(source, reference.targetPath);
        return found.found && !isKusionPath(found.value);
      });
      if (isKnown) continue;
      const location = locate(node.resource.id);
      problems.push(
        `${location ? `${location}: ` : ''}"${node.resource.id}" references ${reference.text}, but "${reference.targetId}" is unchanged by this plan and has no value at that path`,
      );
    }
  }
  const [first, ...rest] = problems;
  if (first === undefined) return;
  throw new KusionError(
    'SPEC_INVALID',
    rest.length ? `${first} (and ${rest.length} more: ${rest.join('; ')})` : first,
    {
      hint: 'check the attribute path against the live object (`kusion release show` lists what is recorded)',
    },
  );
}
