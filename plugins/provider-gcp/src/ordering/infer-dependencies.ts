/**
 * Dependencies a Spec implies without references: literal names that point at resources of the
 * same Spec. `projects/shop-dev` names the Project whose id is `shop-dev`; `folders/123` the Folder
 * adopted as `name: folders/123`; `123456789012/env` the TagKey `env` of organization 123456789012;
 * `123456789012/env/prod` its value `prod`. The engine creates in this order and deletes in the
 * reverse one — a project before the folder that holds it, a binding before its value. References
 * (`$kusion_path`) are edges already. A pure function of the resources.
 */
import { isKusionPath, parseAttributePath } from '@kusion/sdk';
import type { InferredDependency, Resource } from '@kusion/sdk';
import { stringAt } from '../model/attributes.js';
import { GCP_TYPE, idName, kindOf } from '../model/kinds.js';
import { KUSION_PATH_PREFIX } from '@kusion/sdk';
import { isNamespacedTagName, resourceManagerName } from '../model/names.js';

export function inferDependencies(
  resources: readonly Resource[],
  defaultParent: string | undefined,
): InferredDependency[] {
  const gcp = resources.filter((resource) => resource.type === GCP_TYPE);
  const byId = new Map(gcp.map((resource) => [resource.id, resource]));
  const byName = new Map<string, string>();
  const tagKeys = new Map<string, string>();
  const remember = (map: Map<string, string>, key: string | undefined, id: string): void => {
    if (key !== undefined && !map.has(key)) map.set(key, id);
  };
  const projectIdOf = (resource: Resource): string | undefined =>
    stringAt(resource.attributes, 'projectId') ?? idName(resource.id);

  for (const resource of gcp) {
    const kind = kindOf(resource);
    if (kind === 'Project')
      remember(byName, `projects/${projectIdOf(resource) ?? ''}`, resource.id);
    if (kind === 'Folder' || kind === 'TagKey' || kind === 'TagValue')
      remember(byName, literal(stringAt(resource.attributes, 'name')), resource.id);
    if (kind === 'TagKey') {
      const parent = stringAt(resource.attributes, 'parent') ?? defaultParent;
      remember(tagKeys, namespacedKey(parent, resource, byId), resource.id);
    }
  }
  // Values after keys: a value's namespace comes from its key.
  for (const resource of gcp) {
    if (kindOf(resource) !== 'TagValue') continue;
    const key = keyNamespace(stringAt(resource.attributes, 'parent'), tagKeys, byId);
    const shortName = stringAt(resource.attributes, 'shortName') ?? idName(resource.id);
    if (key !== undefined && shortName !== undefined)
      remember(byName, `${key}/${shortName}`, resource.id);
  }
  for (const [key, id] of tagKeys) remember(byName, key, id);

  const edges: InferredDependency[] = [];
  for (const resource of gcp) {
    for (const field of ['parent', 'resource', 'tagValue']) {
      const value = literal(stringAt(resource.attributes, field));
      if (value === undefined) continue;
      const target = byName.get(
        value.startsWith('//') ? (resourceManagerName(value) ?? value) : value,
      );
      if (target !== undefined && target !== resource.id)
        edges.push({ dependent: resource.id, dependency: target });
    }
  }
  return edges;
}

/** A value written literally, not a reference. */
function literal(value: string | undefined): string | undefined {
  return value === undefined || isKusionPath(value) ? undefined : value;
}

/** `123456789012/env` for a key under `organizations/123456789012`, `shop-dev/env` under a project. */
function namespacedKey(
  parent: string | undefined,
  key: Resource,
  byId: ReadonlyMap<string, Resource>,
): string | undefined {
  const shortName = stringAt(key.attributes, 'shortName') ?? idName(key.id);
  if (parent === undefined || shortName === undefined) return undefined;
  const organization = /^organizations\/(\d+)$/.exec(parent)?.[1];
  if (organization) return `${organization}/${shortName}`;
  const project = /^projects\/([^/]+)$/.exec(parent)?.[1];
  if (project) return `${project}/${shortName}`;
  // A reference to a Project of the Spec: its id is known now.
  const target = referencedResource(parent, byId);
  if (target && kindOf(target) === 'Project') {
    const projectId = stringAt(target.attributes, 'projectId') ?? idName(target.id);
    return projectId === undefined ? undefined : `${projectId}/${shortName}`;
  }
  return undefined;
}

/** The namespaced name of a value's key: written as one, or the key its reference names. */
function keyNamespace(
  parent: string | undefined,
  tagKeys: ReadonlyMap<string, string>,
  byId: ReadonlyMap<string, Resource>,
): string | undefined {
  if (parent === undefined) return undefined;
  if (isNamespacedTagName(parent, 2)) return parent;
  const target = referencedResource(parent, byId);
  if (!target) return undefined;
  for (const [namespaced, id] of tagKeys) if (id === target.id) return namespaced;
  return undefined;
}

/** The resource a `$kusion_path.<id>.<path>` names (ids may hold dots: the longest match wins). */
function referencedResource(
  value: string,
  byId: ReadonlyMap<string, Resource>,
): Resource | undefined {
  if (!isKusionPath(value)) return undefined;
  const body = value.slice(KUSION_PATH_PREFIX.length);
  let best: Resource | undefined;
  for (const [id, resource] of byId) {
    if (body.startsWith(`${id}.`) && parseAttributePath(body.slice(id.length + 1)).length > 0)
      if (!best || id.length > best.id.length) best = resource;
  }
  return best;
}
