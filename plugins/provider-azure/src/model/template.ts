/**
 * The ARM template of one deployment (one resource group): one template resource per Kusion
 * resource, `$kusion_path` references as `resourceId()` / `reference()` expressions, Kusion
 * `dependsOn`, references and parent resources as `dependsOn`, ownership tags, children that ARM
 * also writes inline in their parent (subnets, security rules) inlined there, one output per
 * attribute that resources of other providers reference and only the deployment can tell, and
 * every secret as a secure parameter (`secure-parameters.ts`), never as a value in the template.
 */
import type { ProviderContext, Resource } from '@kusion/sdk';
import { getAtPath } from '@kusion/sdk';
import { BODY_KEYS, isPlainValue, isRecord, isTopLevel, splitType } from './azure-resource.js';
import type { AzureTarget } from './azure-resource.js';
import {
  literalValueOf,
  resourceIdExpression,
  toTemplateValue,
  valueExpression,
} from './references.js';
import { createParameterCollector } from './secure-parameters.js';
import type { ParameterDeclaration, SecureParameters } from './secure-parameters.js';
import { withOwnershipTags } from './tagging.js';

export interface TemplateResource {
  readonly type: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly comments: string;
  readonly dependsOn?: readonly string[];
  readonly [key: string]: unknown;
}

export interface TemplateOutput {
  readonly type: 'string' | 'object';
  readonly value: string;
}

export interface ArmTemplate {
  readonly $schema: string;
  readonly contentVersion: '1.0.0.0';
  readonly parameters?: Readonly<Record<string, ParameterDeclaration>>;
  readonly resources: readonly TemplateResource[];
  readonly outputs?: Readonly<Record<string, TemplateOutput>>;
}

/** Which output holds which attribute of which resource. */
export interface OutputBinding {
  readonly key: string;
  readonly id: string;
  readonly path: string;
}

export const TEMPLATE_SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/**
 * Children ARM also writes inline in their parent: a PUT of the parent without them removes
 * them, so they are written in both places (what Azure recommends for templates).
 */
export const INLINE_CHILDREN: readonly {
  readonly parentType: string;
  readonly property: string;
}[] = [
  { parentType: 'Microsoft.Network/virtualNetworks', property: 'subnets' },
  { parentType: 'Microsoft.Network/networkSecurityGroups', property: 'securityRules' },
  { parentType: 'Microsoft.Network/routeTables', property: 'routes' },
];

/** Top-level types that have no location (ARM refuses one). */
const LOCATIONLESS_NAMESPACES = ['Microsoft.Authorization', 'Microsoft.Resources'];

export interface TemplateRequest {
  /** The resource group deployed to. */
  readonly resourceGroup: string;
  /** The resources of this deployment. */
  readonly members: readonly Resource[];
  /** Targets of every resource of the batch, by id (other groups included). */
  readonly targets: ReadonlyMap<string, AzureTarget>;
  /** Attribute paths other providers reference, by id. */
  readonly referencedAttributes: ReadonlyMap<string, readonly string[]>;
  readonly context: ProviderContext;
  /** Location of top-level resources that name none; default the group's. */
  readonly location?: string | undefined;
}

export interface BuiltTemplate {
  readonly template: ArmTemplate;
  readonly outputs: readonly OutputBinding[];
  /** The deployment's `properties.parameters`: the secrets, kept out of `template`. */
  readonly parameters: SecureParameters['values'];
}

export function buildTemplate(request: TemplateRequest): BuiltTemplate {
  const { members, targets } = request;
  const collector = createParameterCollector();
  // Resources are written from their secured form; outputs are decided on what the user wrote.
  const secured = new Map(members.map((member) => [member.id, collector.secure(member)]));
  const resources = [...secured.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((member) => toTemplateResource(member, request, secured));
  const outputs = outputBindings(request, new Map(members.map((member) => [member.id, member])));
  const { declarations, values } = collector.parameters;
  const outputEntries: Record<string, TemplateOutput> = {};
  for (const binding of outputs) {
    const target = targets.get(binding.id);
    if (!target) continue;
    outputEntries[binding.key] = {
      type: 'object',
      value: `[createObject('value', ${valueExpression(target, binding.path, request.resourceGroup)})]`,
    };
  }
  return {
    template: {
      $schema: TEMPLATE_SCHEMA,
      contentVersion: '1.0.0.0',
      ...(Object.keys(declarations).length ? { parameters: declarations } : {}),
      resources,
      ...(outputs.length ? { outputs: outputEntries } : {}),
    },
    outputs,
    parameters: values,
  };
}

function toTemplateResource(
  member: Resource,
  request: TemplateRequest,
  inTemplate: ReadonlyMap<string, Resource>,
): TemplateResource {
  const { targets, resourceGroup, context } = request;
  const target = targets.get(member.id);
  if (!target) throw new Error(`no target for ${member.id}`);
  const dependencies = new Set<string>();
  const translate = (value: unknown): unknown => {
    const translated = toTemplateValue(value, targets, resourceGroup);
    for (const id of translated.referencedIds) dependencies.add(id);
    return translated.value;
  };

  const body: Record<string, unknown> = {};
  for (const key of BODY_KEYS) {
    const value = member.attributes[key];
    if (value !== undefined) body[key] = translate(value);
  }
  if (body['location'] === undefined && needsLocation(target.type))
    body['location'] = request.location ?? '[resourceGroup().location]';
  const tags = withOwnershipTags(target.type, body['tags'], context);
  if (tags !== undefined) body['tags'] = tags;
  const inline = inlineChildren(member, target, request, inTemplate, translate);
  if (inline)
    body['properties'] = { ...(isRecord(body['properties']) ? body['properties'] : {}), ...inline };

  for (const id of member.dependsOn ?? []) dependencies.add(id);
  const ancestor = nearestAncestor(target, request.members, targets);
  if (ancestor) dependencies.add(ancestor);
  dependencies.delete(member.id);
  const dependsOn = [...dependencies]
    .filter((id) => inTemplate.has(id))
    .map((id) => targets.get(id))
    .filter((dependency) => dependency !== undefined)
    .map((dependency) => `[${resourceIdExpression(dependency, resourceGroup)}]`)
    .sort();

  return {
    type: target.type,
    apiVersion: target.apiVersion,
    name: target.name,
    comments: `kusion: ${member.id}`,
    ...body,
    ...(dependsOn.length ? { dependsOn } : {}),
  };
}

function needsLocation(type: string): boolean {
  return isTopLevel(type) && !LOCATIONLESS_NAMESPACES.includes(splitType(type).namespace);
}

/** The closest ancestor (parent, grandparent...) of a child among the members, if any. */
export function nearestAncestor(
  target: AzureTarget,
  members: readonly Pick<Resource, 'id'>[],
  targets: ReadonlyMap<string, AzureTarget>,
): string | undefined {
  const types = target.type.split('/');
  const names = target.name.split('/');
  for (let depth = names.length - 1; depth >= 1; depth--) {
    const type = types
      .slice(0, depth + 1)
      .join('/')
      .toLowerCase();
    const name = names.slice(0, depth).join('/').toLowerCase();
    const found = members.find((member) => {
      const candidate = targets.get(member.id);
      return (
        candidate !== undefined &&
        candidate.type.toLowerCase() === type &&
        candidate.name.toLowerCase() === name &&
        candidate.resourceGroup.toLowerCase() === target.resourceGroup.toLowerCase()
      );
    });
    if (found) return found.id;
  }
  return undefined;
}

/** The inline form of a parent's children when the parent does not write them itself. */
function inlineChildren(
  member: Resource,
  target: AzureTarget,
  request: TemplateRequest,
  inTemplate: ReadonlyMap<string, Resource>,
  translate: (value: unknown) => unknown,
): Record<string, unknown> | undefined {
  const rule = INLINE_CHILDREN.find(
    (candidate) => candidate.parentType.toLowerCase() === target.type.toLowerCase(),
  );
  if (!rule) return undefined;
  const properties = member.attributes['properties'];
  if (isRecord(properties) && properties[rule.property] !== undefined) return undefined;
  const childType = `${rule.parentType}/${rule.property}`.toLowerCase();
  const children = [...inTemplate.values()]
    .map((child) => ({ child, childTarget: request.targets.get(child.id) }))
    .filter(
      ({ childTarget }) =>
        childTarget !== undefined &&
        childTarget.type.toLowerCase() === childType &&
        childTarget.name.split('/')[0]?.toLowerCase() === target.name.toLowerCase(),
    )
    .sort((a, b) => (a.childTarget?.name ?? '').localeCompare(b.childTarget?.name ?? ''));
  if (!children.length) return undefined;
  return {
    [rule.property]: children.map(({ child, childTarget }) => ({
      name: childTarget?.name.split('/').at(-1) ?? '',
      ...(child.attributes['properties'] === undefined
        ? {}
        : { properties: translate(child.attributes['properties']) }),
    })),
  };
}

/**
 * Whether other providers need an output for `path` of a resource: not for its id or names
 * (known before deploying), nor for a path the user wrote as a plain value.
 */
export function needsOutput(resource: Resource, target: AzureTarget, path: string): boolean {
  if (path === 'id' || literalValueOf(target, path) !== undefined) return false;
  const written = getAtPath(resource.attributes, path);
  return !written.found || !isPlainValue(written.value);
}

function outputBindings(
  request: TemplateRequest,
  inTemplate: ReadonlyMap<string, Resource>,
): OutputBinding[] {
  const wanted = [...request.referencedAttributes]
    .flatMap(([id, paths]) => {
      const member = inTemplate.get(id);
      const target = request.targets.get(id);
      if (!member || !target) return [];
      return [...new Set(paths)]
        .filter((path) => needsOutput(member, target, path))
        .map((path) => ({ id, path, target }));
    })
    .sort((a, b) => `${a.id} ${a.path}`.localeCompare(`${b.id} ${b.path}`));
  const taken = new Set<string>();
  return wanted.map(({ id, path, target }) => {
    const base = `${target.name}_${path}`.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 60);
    let key = base;
    for (let n = 2; taken.has(key.toLowerCase()); n++) key = `${base}_${n}`;
    taken.add(key.toLowerCase());
    return { key, id, path };
  });
}

/** The deployment's properties: secrets only ever in `parameters`, which ARM never echoes. */
export function deploymentProperties(built: BuiltTemplate): {
  mode: 'Incremental';
  template: ArmTemplate;
  parameters?: SecureParameters['values'];
} {
  return {
    mode: 'Incremental',
    template: built.template,
    ...(Object.keys(built.parameters).length ? { parameters: built.parameters } : {}),
  };
}

/** The template's JSON as the user may see it. */
export function templateText(template: ArmTemplate): string {
  return JSON.stringify(template, null, 2);
}
