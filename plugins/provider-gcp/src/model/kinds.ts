/**
 * The kinds of GCP resources this provider manages, and how a resource names its kind: in
 * `attributes.kind`, or as the middle part of an id such as `gcp:Folder:platform`.
 */
import type { Resource } from '@kusion/sdk';

/** The resource type this provider owns. */
export const GCP_TYPE = 'GCP';

export const GCP_KINDS = [
  'Project',
  'Folder',
  'TagKey',
  'TagValue',
  'TagBinding',
  'IamPolicyMember',
  'Lien',
] as const;

export type GcpKind = (typeof GCP_KINDS)[number];

export function isGcpKind(value: unknown): value is GcpKind {
  return typeof value === 'string' && (GCP_KINDS as readonly string[]).includes(value);
}

/** `gcp:<Kind>:<name>` split into its parts; undefined when the id has another shape. */
export function parseGcpId(id: string): { kind: string; name: string } | undefined {
  const match = /^gcp:([^:]+):(.+)$/.exec(id);
  return match ? { kind: match[1] ?? '', name: match[2] ?? '' } : undefined;
}

/** The kind a resource declares (`attributes.kind` first, then its id), if it is a known one. */
export function kindOf(resource: Pick<Resource, 'id' | 'attributes'>): GcpKind | undefined {
  const declared = resource.attributes['kind'];
  if (declared !== undefined) return isGcpKind(declared) ? declared : undefined;
  const fromId = parseGcpId(resource.id)?.kind;
  return isGcpKind(fromId) ? fromId : undefined;
}

/** The last part of a `gcp:<Kind>:<name>` id: the default project id, display name or short name. */
export function idName(id: string): string | undefined {
  return parseGcpId(id)?.name;
}
