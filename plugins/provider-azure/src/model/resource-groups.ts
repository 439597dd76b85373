/**
 * A batch spans one or more resource groups: one deployment each. A resource that references a
 * resource of another group needs that group deployed first, so groups are ordered by their
 * references; two groups that reference each other cannot be ordered.
 */
import type { Resource } from '@kusion/sdk';
import type { AzureTarget } from './azure-resource.js';
import { referencedIds } from './references.js';

export interface GroupOrder {
  /** Group names (as first written) in deployment order, each with its members. */
  readonly groups: readonly { readonly name: string; readonly members: readonly Resource[] }[];
}

export function orderResourceGroups(
  resources: readonly Resource[],
  targets: ReadonlyMap<string, AzureTarget>,
): GroupOrder | { readonly cycle: readonly string[] } {
  const names = new Map<string, string>();
  const members = new Map<string, Resource[]>();
  for (const resource of resources) {
    const group = targets.get(resource.id)?.resourceGroup ?? '';
    const key = group.toLowerCase();
    if (!names.has(key)) names.set(key, group);
    members.set(key, [...(members.get(key) ?? []), resource]);
  }
  const ids = new Set(targets.keys());
  const needs = new Map<string, Set<string>>();
  for (const resource of resources) {
    const own = (targets.get(resource.id)?.resourceGroup ?? '').toLowerCase();
    for (const id of [...referencedIds(resource.attributes, ids), ...(resource.dependsOn ?? [])]) {
      const other = targets.get(id)?.resourceGroup.toLowerCase();
      if (other === undefined || other === own) continue;
      needs.set(own, new Set([...(needs.get(own) ?? []), other]));
    }
  }
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  let cycle: string[] | undefined;
  const visit = (key: string, path: string[]): void => {
    if (cycle || state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') {
      cycle = [...path.slice(path.indexOf(key)), key].map((name) => names.get(name) ?? name);
      return;
    }
    state.set(key, 'visiting');
    for (const next of [...(needs.get(key) ?? [])].sort()) visit(next, [...path, key]);
    state.set(key, 'done');
    ordered.push(key);
  };
  for (const key of [...members.keys()].sort()) visit(key, []);
  if (cycle) return { cycle: [...new Set(cycle)] };
  return {
    groups: ordered.map((key) => ({
      name: names.get(key) ?? key,
      members: members.get(key) ?? [],
    })),
  };
}
