/**
 * The resources of a template: their names, types and ids worked out before anything is
 * deployed, their `dependsOn` (by name, id or typed name; an unknown target is `InvalidTemplate`)
 * plus the implicit dependency a `reference('name')` creates, and the order that follows.
 */
import { isJsonObject, propertyOf, textOf } from '../json-value.ts';
import type { JsonObject, JsonValue } from '../json-value.ts';

import {
  formatResourceId,
  parseResourceId,
  qualifiedNameOf,
  resourceKey,
} from '../resources/resource-id.ts';
import type { ResourceId } from '../resources/resource-id.ts';
import type { ResourceTypeDefinition } from '../resources/resource-type.ts';
import { resolveResourceType } from '../resources/type-registry.ts';
import { invalidTemplate } from './template-errors.ts';

export interface TemplateResource {
  readonly index: number;
  /** Where it is in the template: `resources[2]`. */
  readonly path: string;
  /** The name as the template gives it (`vnet/subnet` for a child). */
  readonly name: string;
  readonly apiVersion: string;
  readonly id: ResourceId;
  readonly resourceId: string;
  readonly definition: ResourceTypeDefinition;
  /** False when its `condition` is false: it is not deployed. */
  readonly isEnabled: boolean;
  /** Indexes of the resources it waits for (explicit and implicit). */
  dependsOn: number[];
  readonly source: JsonObject;
}

/** Keys of a template resource that are sent to the resource provider. */
export const BODY_KEYS: readonly string[] = [
  'location',
  'tags',
  'sku',
  'kind',
  'identity',
  'zones',
  'plan',
  'managedBy',
  'extendedLocation',
  'properties',
];

const TEMPLATE_KEYS = ['type', 'apiVersion', 'name', 'dependsOn', 'condition', 'comments'];

export interface StaticEvaluation {
  /** Evaluates a value that must not need deployed resources (names, types, dependsOn). */
  (value: JsonValue, path: string): JsonValue;
}

export function readTemplateResources(
  list: JsonValue | undefined,
  place: {
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    readonly location: string;
  },
  evaluateStatic: StaticEvaluation,
): TemplateResource[] {
  if (list === undefined) return [];
  if (!Array.isArray(list))
    throw invalidTemplate("The template 'resources' must be an array.", 'resources');
  const resources = list.map((entry, index) => readResource(entry, index, place, evaluateStatic));
  const seen = new Map<string, TemplateResource>();
  for (const resource of resources) {
    const key = resourceKey(resource.id);
    if (seen.has(key))
      throw invalidTemplate(
        `The resource '${resource.resourceId}' at '${resource.path}' is defined multiple times in a template. Please see https://aka.ms/arm-template/#resources for usage details.`,
        resource.path,
      );
    seen.set(key, resource);
  }
  for (const resource of resources)
    resource.dependsOn = explicitDependencies(resource, resources, evaluateStatic);
  return resources;
}

function readResource(
  entry: JsonValue,
  index: number,
  place: {
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    readonly location: string;
  },
  evaluateStatic: StaticEvaluation,
): TemplateResource {
  const path = `resources[${index}]`;
  if (!isJsonObject(entry))
    throw invalidTemplate(`The template resource at '${path}' must be an object.`, path);
  for (const key of Object.keys(entry))
    if (
      ![...TEMPLATE_KEYS, ...BODY_KEYS].some((known) => known.toLowerCase() === key.toLowerCase())
    )
      throw invalidTemplate(
        `The template resource at '${path}' uses '${key}', which the ARM emulator does not support (it supports ${[...TEMPLATE_KEYS, ...BODY_KEYS].join(', ')}).`,
        `${path}.${key}`,
      );
  const text = (key: string): string => {
    const value = evaluateStatic(propertyOf(entry, key) ?? null, `${path}.${key}`);
    if (typeof value !== 'string' || value === '')
      throw invalidTemplate(
        `The template resource at '${path}' must have a string '${key}'.`,
        `${path}.${key}`,
      );
    return value;
  };
  const type = text('type');
  const name = text('name');
  const apiVersion = text('apiVersion');
  const [namespace = '', ...types] = type.split('/');
  const names = name.split('/');
  if (types.length === 0 || names.length !== types.length)
    throw invalidTemplate(
      `The template resource '${name}' for type '${type}' at '${path}' has incorrect segment lengths. A nested resource type must have identical number of segments as its resource name. A root resource type must have segment length one greater than its resource name. Please see https://aka.ms/arm-template/#resources for usage details.`,
      path,
    );
  const id: ResourceId = {
    subscriptionId: place.subscriptionId,
    resourceGroup: place.resourceGroup,
    namespace,
    types,
    names,
  };
  const definition = resolveResourceType(type, apiVersion, place.location);
  const condition = propertyOf(entry, 'condition');
  const isEnabled = condition === undefined ? true : evaluateStatic(condition, `${path}.condition`);
  if (typeof isEnabled !== 'boolean')
    throw invalidTemplate(
      `The template resource '${name}' has a 'condition' that is not a boolean.`,
      `${path}.condition`,
    );
  return {
    index,
    path,
    name,
    apiVersion,
    id,
    resourceId: formatResourceId(id),
    definition,
    isEnabled,
    dependsOn: [],
    source: entry,
  };
}

/** The template resource a `dependsOn` entry or a `reference()` target names, if any. */
export function findTemplateResource(
  resources: readonly TemplateResource[],
  target: string,
): TemplateResource | undefined {
  const lower = target.toLowerCase();
  const id = lower.startsWith('/subscriptions/') ? parseResourceId(target) : undefined;
  return resources.find(
    (resource) =>
      (id !== undefined && resourceKey(id) === resourceKey(resource.id)) ||
      resource.name.toLowerCase() === lower ||
      qualifiedNameOf(resource.id).toLowerCase() === lower,
  );
}

function explicitDependencies(
  resource: TemplateResource,
  resources: readonly TemplateResource[],
  evaluateStatic: StaticEvaluation,
): number[] {
  const list = propertyOf(resource.source, 'dependsOn');
  if (list === undefined) return [];
  const path = `${resource.path}.dependsOn`;
  if (!Array.isArray(list))
    throw invalidTemplate(`'dependsOn' of '${resource.name}' must be an array.`, path);
  return list.map((entry, index) => {
    const target = evaluateStatic(entry, `${path}[${index}]`);
    const found = typeof target === 'string' ? findTemplateResource(resources, target) : undefined;
    if (found === undefined)
      throw invalidTemplate(
        `The resource '${textOf(target)}' is not defined in the template. Please see https://aka.ms/arm-syntax for usage details.`,
        `${path}[${index}]`,
      );
    return found.index;
  });
}

/** Fails with `InvalidTemplate` on a dependency cycle; otherwise the resources in waves. */
export function deploymentWaves(resources: readonly TemplateResource[]): TemplateResource[][] {
  const levels = new Map<number, number>();
  const visiting = new Set<number>();
  const levelOf = (resource: TemplateResource): number => {
    const known = levels.get(resource.index);
    if (known !== undefined) return known;
    if (visiting.has(resource.index))
      throw invalidTemplate(
        `Circular dependency detected on resource: '${resource.resourceId}'. Please see https://aka.ms/arm-syntax-resources for usage details.`,
        resource.path,
      );
    visiting.add(resource.index);
    let level = 0;
    for (const dependency of resource.dependsOn) {
      const target = resources[dependency];
      if (target !== undefined) level = Math.max(level, levelOf(target) + 1);
    }
    visiting.delete(resource.index);
    levels.set(resource.index, level);
    return level;
  };
  const waves: TemplateResource[][] = [];
  for (const resource of resources) {
    const level = levelOf(resource);
    (waves[level] ??= []).push(resource);
  }
  return waves.filter((wave) => wave.length > 0);
}
