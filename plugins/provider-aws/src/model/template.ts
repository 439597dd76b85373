/**
 * The CloudFormation template of a stack: one resource per Kusion resource (logical id from the
 * id, `Metadata["kusion:id"]` naming it back), `$kusion_path` references as `Ref`/`Fn::GetAtt`,
 * Kusion `dependsOn` as `DependsOn`, ownership tags, and one Output per attribute that resources of
 * other providers reference. When there are Outputs, `KusionTemplateHash` carries a hash of the
 * rest: reading it back proves the stack's Outputs belong to this template (an endpoint that does
 * not refresh Outputs on ExecuteChangeSet, such as moto, is detected by it).
 */
import { createHash } from 'node:crypto';
import type { ProviderContext, Resource } from '@kusion/sdk';
import { ATTRIBUTE_KEYS, KUSION_ID_METADATA, isRecord, templatePartOf } from './aws-resource.js';
import type { TemplateResource } from './aws-resource.js';
import { logicalIdOf } from './logical-ids.js';
import { toIntrinsics } from './references.js';
import { withOwnershipTags } from './tagging.js';

export interface TemplateOutput {
  readonly Description: string;
  readonly Value: unknown;
}

export interface StackTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Resources: Readonly<Record<string, TemplateResource>>;
  readonly Outputs?: Readonly<Record<string, TemplateOutput>>;
}

/** Which Output holds which attribute of which resource. */
export interface OutputBinding {
  readonly key: string;
  readonly id: string;
  readonly path: string;
}

export const TEMPLATE_HASH_OUTPUT = 'KusionTemplateHash';
/** CloudFormation's limit for an inline `TemplateBody`. */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;

export interface TemplateRequest {
  readonly resources: readonly Resource[];
  /** Deployed definitions to keep as they are (resources of a later wave), by logical id. */
  readonly kept?: Readonly<Record<string, TemplateResource>>;
  /** Attribute paths other providers reference, by id. */
  readonly referencedAttributes: ReadonlyMap<string, readonly string[]>;
  readonly context: ProviderContext;
}

export interface BuiltTemplate {
  readonly template: StackTemplate;
  readonly outputs: readonly OutputBinding[];
  /** Logical id of every resource in the template, by Kusion id. */
  readonly logicalIds: ReadonlyMap<string, string>;
  /** The expected value of the `KusionTemplateHash` Output, when there are Outputs. */
  readonly hash: string | undefined;
}

export function buildTemplate(request: TemplateRequest): BuiltTemplate {
  const logicalIds = new Map<string, string>();
  for (const [logicalId, kept] of Object.entries(request.kept ?? {})) {
    const id = kusionIdOf(kept);
    if (id !== undefined) logicalIds.set(id, logicalId);
  }
  for (const resource of request.resources) logicalIds.set(resource.id, logicalIdOf(resource.id));

  const resources: Record<string, TemplateResource> = { ...request.kept };
  for (const resource of request.resources) {
    resources[logicalIdOf(resource.id)] = toTemplateResource(resource, logicalIds, request.context);
  }
  const sortedResources = Object.fromEntries(
    Object.entries(resources).sort(([a], [b]) => a.localeCompare(b)),
  );

  const outputs = outputBindings(request.referencedAttributes, logicalIds);
  const base = {
    AWSTemplateFormatVersion: '2010-09-09' as const,
    Description: `Kusion: project ${request.context.project}, stack ${request.context.stack}, workspace ${request.context.workspace}. Managed by kusion; changes made here are drift.`,
    Resources: sortedResources,
  };
  if (!outputs.length) return { template: base, outputs, logicalIds, hash: undefined };

  const outputEntries: Record<string, TemplateOutput> = {};
  for (const binding of outputs) {
    const logicalId = logicalIds.get(binding.id) ?? '';
    outputEntries[binding.key] = {
      Description: `${binding.id} ${binding.path}`,
      Value:
        binding.path === 'Ref' ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, binding.path] },
    };
  }
  const hash = templateHash({ ...base, Outputs: outputEntries });
  outputEntries[TEMPLATE_HASH_OUTPUT] = {
    Description: 'hash of this template, written by kusion',
    Value: hash,
  };
  return { template: { ...base, Outputs: outputEntries }, outputs, logicalIds, hash };
}

/** One resource in template form. */
export function toTemplateResource(
  resource: Resource,
  logicalIds: ReadonlyMap<string, string>,
  context: ProviderContext,
): TemplateResource {
  const part = templatePartOf(resource.attributes);
  const properties = withOwnershipTags(
    part.Type,
    toIntrinsics(part.Properties, logicalIds) as TemplateResource['Properties'],
    context,
  );
  const dependsOn = [
    ...new Set((resource.dependsOn ?? []).flatMap((id) => logicalIds.get(id) ?? [])),
  ].sort();
  return {
    Type: part.Type,
    ...(properties ? { Properties: properties } : {}),
    ...(part.DeletionPolicy === undefined ? {} : { DeletionPolicy: part.DeletionPolicy }),
    ...(part.UpdateReplacePolicy === undefined
      ? {}
      : { UpdateReplacePolicy: part.UpdateReplacePolicy }),
    ...(dependsOn.length ? { DependsOn: dependsOn } : {}),
    Metadata: { [KUSION_ID_METADATA]: resource.id },
  };
}

/** The Kusion id a template resource records, if any. */
export function kusionIdOf(resource: TemplateResource | undefined): string | undefined {
  const id = resource?.Metadata?.[KUSION_ID_METADATA];
  return typeof id === 'string' ? id : undefined;
}

/** Kusion id of each logical id of a template. */
export function idsByLogicalId(template: StackTemplate): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    ids.set(logicalId, kusionIdOf(resource) ?? logicalId);
  }
  return ids;
}

/** Output keys: `<LogicalId><Attribute>` (alphanumeric), numbered when two would collide. */
/**
 * Whether a referenced path needs a stack Output. Paths under the keys the attributes already hold
 * (`Properties.QueueName`, `PhysicalResourceId`...) resolve from them: `$kusion_path.<id>.Type` is
 * the resource's CloudFormation type, not `Fn::GetAtt Type` (write `Properties.Type` for that).
 */
export function needsOutput(path: string): boolean {
  const first = path.split('.')[0] ?? '';
  return first === 'Ref' || !(ATTRIBUTE_KEYS as readonly string[]).includes(first);
}

function outputBindings(
  referenced: ReadonlyMap<string, readonly string[]>,
  logicalIds: ReadonlyMap<string, string>,
): OutputBinding[] {
  const wanted = [...referenced]
    .flatMap(([id, paths]) =>
      logicalIds.has(id)
        ? [...new Set(paths)].filter(needsOutput).map((path) => ({ id, path }))
        : [],
    )
    .sort((a, b) => `${a.id} ${a.path}`.localeCompare(`${b.id} ${b.path}`));
  const taken = new Set<string>([TEMPLATE_HASH_OUTPUT]);
  return wanted.map(({ id, path }) => {
    const base = `${logicalIds.get(id) ?? ''}${path.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 250);
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}${n}`;
    taken.add(key);
    return { key, id, path };
  });
}

/** A stable hash: keys sorted, so reordering a user's properties does not change it. */
export function templateHash(template: StackTemplate): string {
  return createHash('sha256').update(canonicalJson(template)).digest('hex').slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** The body sent to CloudFormation: compact JSON. */
export function templateBody(template: StackTemplate): string {
  return JSON.stringify(template);
}
