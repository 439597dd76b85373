/**
 * `--all-stacks`: the order stacks are deployed in each workspace. A stack whose Spec references
 * another (`$kusion_path.<stack>/<id>.<path>`) comes after it; ties keep the project's folder order.
 */
import { KusionError } from '@kusion/sdk';
import type { Spec } from '@kusion/sdk';
import { findReferences, splitReference, splitStackReference } from '../graph/references.js';

/** The stacks a Spec references, among `stacks`. */
export function referencedStacks(spec: Spec, stacks: ReadonlySet<string>): Set<string> {
  const ids = new Set(spec.resources.map((resource) => resource.id));
  const found = new Set<string>();
  for (const resource of spec.resources) {
    for (const reference of findReferences(resource.attributes)) {
      if (splitReference(reference, ids)) continue;
      const other = splitStackReference(reference.text, stacks);
      if (other) found.add(other.stack);
    }
  }
  return found;
}

/**
 * `stacks` in dependency order, given which stacks each one references (in any workspace). A
 * cycle fails with `GRAPH_CYCLE` naming it.
 */
export function orderStacks(
  stacks: readonly string[],
  references: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: string, path: readonly string[]): void => {
    const seen = state.get(stack);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(stack)), stack];
      throw new KusionError(
        'GRAPH_CYCLE',
        `stacks reference each other in a cycle: ${cycle.map((s) => `"${s}"`).join(' → ')}`,
        {
          hint: 'a stack can only read outputs of stacks deployed before it; remove one of these references',
        },
      );
    }
    state.set(stack, 'visiting');
    for (const dependency of stacks) {
      if (references.get(stack)?.has(dependency)) visit(dependency, [...path, stack]);
    }
    state.set(stack, 'done');
    ordered.push(stack);
  };
  for (const stack of stacks) visit(stack, []);
  return ordered;
}
