/**
 * References between resources of one batch. The engine leaves them as `$kusion_path` strings for
 * the native engine (CloudFormation's `Fn::GetAtt`), so the test cloud resolves them itself: it
 * applies referenced resources first and substitutes their values.
 */
import { KUSION_PATH_PREFIX } from '@kusion/sdk';
import type { Attributes, Resource } from '@kusion/sdk';

export interface BatchReference {
  readonly id: string;
  readonly path: string;
}

/** Parses a reference to a resource of the batch; ids may contain dots, so the longest id wins. */
export function parseBatchReference(
  value: unknown,
  ids: ReadonlySet<string>,
): BatchReference | undefined {
  if (typeof value !== 'string' || !value.startsWith(KUSION_PATH_PREFIX)) return undefined;
  const rest = value.slice(KUSION_PATH_PREFIX.length);
  for (let dot = rest.lastIndexOf('.'); dot > 0; dot = rest.lastIndexOf('.', dot - 1)) {
    const id = rest.slice(0, dot);
    if (ids.has(id)) return { id, path: rest.slice(dot + 1) };
  }
  return undefined;
}

/** Ids of the batch that these attributes reference. */
export function referencedIds(attributes: Attributes, ids: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  mapStrings(attributes, (text) => {
    const reference = parseBatchReference(text, ids);
    if (reference) found.add(reference.id);
    return text;
  });
  return found;
}

/** The attributes with every batch reference replaced by `valueOf(reference)`. */
export function resolveReferences(
  attributes: Attributes,
  ids: ReadonlySet<string>,
  valueOf: (reference: BatchReference) => unknown,
): Attributes {
  return mapStrings(attributes, (text) => {
    const reference = parseBatchReference(text, ids);
    return reference ? valueOf(reference) : text;
  }) as Attributes;
}

/** Resources with referenced ones first; members of a reference cycle are listed apart. */
export function referenceOrder(
  resources: readonly Resource[],
  ids: ReadonlySet<string>,
): { readonly ordered: readonly Resource[]; readonly cyclic: ReadonlySet<string> } {
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const ordered: Resource[] = [];
  const cyclic = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (resource: Resource, path: readonly string[]): void => {
    const seen = state.get(resource.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      for (const id of path.slice(path.indexOf(resource.id))) cyclic.add(id);
      return;
    }
    state.set(resource.id, 'visiting');
    for (const id of referencedIds(resource.attributes, ids)) {
      const referenced = byId.get(id);
      if (referenced) visit(referenced, [...path, resource.id]);
    }
    state.set(resource.id, 'done');
    ordered.push(resource);
  };
  for (const resource of resources) visit(resource, []);
  return { ordered, cyclic };
}

function mapStrings(value: unknown, map: (text: string) => unknown): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]),
    );
  }
  return value;
}
