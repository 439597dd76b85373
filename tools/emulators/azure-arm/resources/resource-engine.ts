/**
 * Writes and reads of resources, shared by the generic-resource endpoints and the deployment
 * engine so that both answer alike: PUT replaces the writable part and recomputes the read-only
 * part, a child needs its parent, deleting a parent deletes its children.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ArmError } from '../http/arm-error.ts';
import { cloneJson, isJsonObject, propertyOf, textOf } from '../json-value.ts';
import type { JsonObject, JsonValue } from '../json-value.ts';
import type { EmulatorState, StoredResource } from '../state/emulator-state.ts';
import { resourceLocation } from '../state/locations.ts';
import { invalidContent, propertiesOf } from './body-rules.ts';
import {
  formatResourceId,
  fullTypeOf,
  parentOf,
  qualifiedNameOf,
  resourceKey,
  templateNameOf,
} from './resource-id.ts';

import type { ResourceId } from './resource-id.ts';
import type { ResourceTypeDefinition } from './resource-type.ts';
import { findResourceType } from './type-registry.ts';

export interface PutInput {
  readonly id: ResourceId;
  readonly definition: ResourceTypeDefinition;
  readonly apiVersion: string;
  readonly body: JsonValue | undefined;
}

export interface PutResult {
  readonly resource: StoredResource;
  readonly isCreated: boolean;
}

/** `Microsoft.Storage/storageAccounts/acct/blobServices/default`, as ARM names it in 404s. */
export function resourceNotFound(id: ResourceId): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${qualifiedNameOf(id)}' under resource group '${id.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function findResource(state: EmulatorState, id: ResourceId): StoredResource | undefined {
  const stored = state.resources.get(resourceKey(id));
  if (stored !== undefined) return stored;
  const definition = findResourceType(fullTypeOf(id));
  const name = id.names.at(-1) ?? '';
  const isImplicit = definition?.implicitNames?.some(
    (implicit) => implicit.toLowerCase() === name.toLowerCase(),
  );
  if (definition === undefined || isImplicit !== true || !hasParent(state, id)) return undefined;
  return materialize(state, id, definition, definition.apiVersions.at(-1) ?? '', {}, undefined);
}

export function hasParent(state: EmulatorState, id: ResourceId): boolean {
  const parent = parentOf(id);
  return parent === undefined || findResource(state, parent) !== undefined;
}

export function requireParent(state: EmulatorState, id: ResourceId): void {
  const parent = parentOf(id);
  if (parent !== undefined && findResource(state, parent) === undefined)
    throw new ArmError(
      404,
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${templateNameOf(parent)}' not found.`,
    );
}

function newEtag(style: ResourceTypeDefinition['etagStyle']): JsonObject {
  if (style === 'weak') return { etag: `W/"${randomUUID()}"` };
  if (style === 'strong') return { etag: `"0x8DC${randomBytes(6).toString('hex').toUpperCase()}"` };
  return {};
}

function stripWriteOnly(representation: JsonObject, paths: readonly string[]): void {
  for (const path of paths) {
    const keys = path.split('.');
    const last = keys.pop();
    let target: JsonValue | undefined = representation;
    for (const key of keys) target = isJsonObject(target) ? target[key] : undefined;
    if (isJsonObject(target) && last !== undefined) Reflect.deleteProperty(target, last);
  }
}

function tagsOf(body: JsonObject): JsonObject | undefined {
  const tags = propertyOf(body, 'tags');
  if (tags === undefined || tags === null) return undefined;
  if (!isJsonObject(tags) || Object.values(tags).some((value) => typeof value !== 'string'))
    throw invalidContent(
      "Error converting value for property 'tags': an object of strings is expected.",
    );
  return tags;
}

/** Builds the stored form of a write without storing it (what-if uses this to predict). */
export function materialize(
  state: EmulatorState,
  id: ResourceId,
  definition: ResourceTypeDefinition,
  apiVersion: string,
  body: JsonObject,
  existing: StoredResource | undefined,
): StoredResource {
  const name = id.names.at(-1) ?? '';
  definition.validateName?.(name);
  const resourceId = existing?.resourceId ?? formatResourceId(id);
  let location: string | undefined;
  let tags: JsonObject | undefined;
  if (definition.isTracked) {
    const requested = propertyOf(body, 'location');
    if (typeof requested !== 'string' || requested === '')
      throw new ArmError(
        400,
        'LocationRequired',
        'The location property is required for this definition.',
      );
    location = resourceLocation(requested, definition.type);
    const previous = existing?.representation['location'];
    if (typeof previous === 'string' && previous !== location)
      throw new ArmError(
        409,
        'InvalidResourceLocation',
        `The resource '${name}' already exists in location '${previous}' in resource group '${id.resourceGroup}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
      );
    tags = tagsOf(body);
  }
  const built = definition.build({
    id,
    resourceId,
    name,
    body,
    existing: existing?.representation,
    location,
    tenantId: state.tenantId,
  });
  const representation: JsonObject = {
    ...built.extra,
    id: resourceId,
    name,
    type: definition.type,
    ...(location === undefined ? {} : { location }),
    ...(tags === undefined ? {} : { tags }),
    ...newEtag(definition.etagStyle),
    properties: built.properties,
  };
  stripWriteOnly(representation, definition.writeOnlyPaths ?? []);
  return { id, resourceId, definition, apiVersion, representation };
}

/** Body of a nested child as written inline in its parent (`{ name, properties }`). */
function inlineChildren(
  body: JsonObject,
  property: string,
): { parent: JsonObject; children: JsonObject[] } {
  const properties = propertiesOf(body);
  const items = propertyOf(properties, property);
  const { [property]: _removed, ...rest } = properties;
  if (items === undefined || items === null)
    return { parent: { ...body, properties: rest }, children: [] };
  if (!Array.isArray(items) || !items.every(isJsonObject))
    throw invalidContent(
      `Error converting value for property 'properties.${property}': an array of objects is expected.`,
    );
  for (const item of items)
    if (typeof propertyOf(item, 'name') !== 'string')
      throw invalidContent(`Required property 'properties.${property}[].name' not found in JSON.`);
  return { parent: { ...body, properties: rest }, children: items };
}

function childIdOf(parent: ResourceId, childType: string, name: string): ResourceId {
  const typeSegment = childType.split('/').at(-1) ?? '';
  return { ...parent, types: [...parent.types, typeSegment], names: [...parent.names, name] };
}

interface PlannedPut {
  readonly resource: StoredResource;
  /** The inline children the write leaves (undefined for types without them). */
  readonly children: readonly StoredResource[] | undefined;
  readonly isCreated: boolean;
}

/** Everything a PUT would store, checked, without storing anything. */
function planPut(state: EmulatorState, input: PutInput): PlannedPut {
  const { id, definition, apiVersion } = input;
  if (!isJsonObject(input.body)) throw invalidContent('The request body must be a JSON object.');
  const existing = state.resources.get(resourceKey(id));
  const nested = definition.nestedChildren;
  if (nested === undefined)
    return {
      resource: materialize(state, id, definition, apiVersion, input.body, existing),
      children: undefined,
      isCreated: existing === undefined,
    };
  const { parent, children } = inlineChildren(input.body, nested.property);
  const childDefinition = findResourceType(nested.childType);
  if (childDefinition === undefined) throw new Error(`${nested.childType} is not defined`);
  return {
    resource: materialize(state, id, definition, apiVersion, parent, existing),
    children: children.map((child) => {
      const childId = childIdOf(id, nested.childType, textOf(propertyOf(child, 'name')));
      const current = state.resources.get(resourceKey(childId));
      return materialize(state, childId, childDefinition, apiVersion, child, current);
    }),
    isCreated: existing === undefined,
  };
}

/** PUT semantics: creates or replaces the resource (and its inline children). Checks the parent. */
export function putResource(state: EmulatorState, input: PutInput): PutResult {
  requireParent(state, input.id);
  const { resource, children, isCreated } = planPut(state, input);
  state.resources.set(resourceKey(resource.id), resource);
  const nested = resource.definition.nestedChildren;
  if (children !== undefined && nested !== undefined) {
    const kept = new Set(children.map((child) => resourceKey(child.id)));
    for (const stale of childrenOf(state, resource.id, nested.childType))
      if (!kept.has(resourceKey(stale.id))) deleteResource(state, stale.id);
    for (const child of children) state.resources.set(resourceKey(child.id), child);
  }
  return { resource, isCreated };
}

/** What GET would answer after the PUT (what-if's prediction); nothing is stored. */
export function previewPut(state: EmulatorState, input: PutInput): JsonObject {
  const { resource, children } = planPut(state, input);
  const view = cloneJson(resource.representation);
  const nested = resource.definition.nestedChildren;
  const properties = view['properties'];
  if (children !== undefined && nested !== undefined && isJsonObject(properties))
    properties[nested.property] = children.map((child) => cloneJson(child.representation));
  return view;
}

/** JSON merge patch (RFC 7386) of `patch` onto `target`. */
function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(result, key);
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

export function patchResource(state: EmulatorState, input: PutInput): PutResult {
  const existing = findResource(state, input.id);
  if (existing === undefined) throw resourceNotFound(input.id);
  if (!isJsonObject(input.body)) throw invalidContent('The request body must be a JSON object.');
  return putResource(state, {
    ...input,
    body: mergePatch(viewResource(state, existing), input.body),
  });
}

export function childrenOf(
  state: EmulatorState,
  id: ResourceId,
  childType?: string,
): StoredResource[] {
  const prefix = `${resourceKey(id)}/`;
  return [...state.resources.values()].filter(
    (candidate) =>
      resourceKey(candidate.id).startsWith(prefix) &&
      candidate.id.types.length === id.types.length + 1 &&
      (childType === undefined ||
        candidate.definition.type.toLowerCase() === childType.toLowerCase()),
  );
}

/** What GET answers: the stored form with inline children folded in. */
export function viewResource(state: EmulatorState, resource: StoredResource): JsonObject {
  const view = cloneJson(resource.representation);
  const nested = resource.definition.nestedChildren;
  const properties = view['properties'];
  if (nested !== undefined && isJsonObject(properties))
    properties[nested.property] = childrenOf(state, resource.id, nested.childType).map((child) =>
      viewResource(state, child),
    );
  return view;
}

/** Deletes the resource and everything below it; false when it did not exist. */
export function deleteResource(state: EmulatorState, id: ResourceId): boolean {
  const key = resourceKey(id);
  const existed = state.resources.has(key);
  for (const candidate of [...state.resources.keys()])
    if (candidate === key || candidate.startsWith(`${key}/`)) state.resources.delete(candidate);
  return existed;
}

function groupPrefix(state: EmulatorState, resourceGroup: string): string {
  return `/subscriptions/${state.subscriptionId}/resourcegroups/${resourceGroup}/`.toLowerCase();
}

export function resourcesInGroup(state: EmulatorState, resourceGroup: string): StoredResource[] {
  const prefix = groupPrefix(state, resourceGroup);
  return [...state.resources.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .map(([, resource]) => resource);
}

export function deleteResourcesInGroup(state: EmulatorState, resourceGroup: string): void {
  const prefix = groupPrefix(state, resourceGroup);
  for (const key of [...state.resources.keys()])
    if (key.startsWith(prefix)) state.resources.delete(key);
}
