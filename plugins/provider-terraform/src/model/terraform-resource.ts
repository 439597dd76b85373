/**
 * Kusion's `type: Terraform` resources, read the way Kusion's Terraform runtime reads them:
 *
 * ```yaml
 * id: hashicorp:aws:aws_sqs_queue:orders      # providerNamespace:providerName:resourceType:resourceName
 * type: Terraform
 * attributes: { name: orders }                # the resource block's arguments
 * extensions:
 *   provider: registry.terraform.io/hashicorp/aws/5.0.1   # source, then the version
 *   providerMeta: { region: us-east-1 }                    # the provider block's arguments
 *   resourceType: aws_sqs_queue
 *   kusion.io/import-id: orders-url                        # optional: adopt an existing object
 * ```
 */
import { createHash } from 'node:crypto';
import type { Attributes, Diagnostic, Resource } from '@kusion/sdk';

/** The resource type this provider owns, as Kusion names it. */
export const RESOURCE_TYPE = 'Terraform';

/** Extension keys naming an existing object to import: ours, and the one Kusion's code reads. */
export const IMPORT_ID_KEYS = ['kusion.io/import-id', 'kusionstack.io/import-id'] as const;

const DEFAULT_HOST = 'registry.terraform.io';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const VERSION = /^\d+\.\d+\.\d+$/;

/** A provider as `extensions.provider` names it. */
export interface ProviderRequirement {
  /** `registry.terraform.io/hashicorp/aws`: always with its host. */
  readonly source: string;
  /** The local name resources use (`aws`): the source's last segment, as Kusion takes it. */
  readonly localName: string;
  /** The version the Spec asks for (`5.0.1`). */
  readonly version: string;
}

export interface TerraformResource {
  readonly id: string;
  /** `aws_sqs_queue`. */
  readonly resourceType: string;
  /** The name in the root module: the id's last segment, made a Terraform identifier if needed. */
  readonly name: string;
  /** `aws_sqs_queue.orders`. */
  readonly address: string;
  readonly provider: ProviderRequirement;
  readonly providerMeta: Attributes;
  readonly importId: string | undefined;
  readonly attributes: Attributes;
}

/** Reads one resource, or says every problem it has. */
export function parseTerraformResource(
  resource: Resource,
): { readonly parsed: TerraformResource } | { readonly problems: readonly string[] } {
  const problems: string[] = [];
  const extensions = resource.extensions ?? {};
  const segments = resource.id.split(':');
  if (segments.length < 4 || segments.some((segment) => segment === '')) {
    problems.push(
      `id "${resource.id}" is not providerNamespace:providerName:resourceType:resourceName (e.g. hashicorp:aws:aws_sqs_queue:orders)`,
    );
  }
  const declaredType = extensions['resourceType'];
  const resourceType = typeof declaredType === 'string' ? declaredType : segments[2];
  if (declaredType !== undefined && typeof declaredType !== 'string')
    problems.push('extensions.resourceType must be a string such as "aws_sqs_queue"');
  if (resourceType === undefined || !IDENTIFIER.test(resourceType)) {
    problems.push(
      `extensions.resourceType ${JSON.stringify(resourceType ?? null)} is not a Terraform resource type such as "aws_sqs_queue"`,
    );
  }
  const provider = parseProviderAddress(extensions['provider']);
  if (typeof provider === 'string') problems.push(provider);
  const meta = extensions['providerMeta'] ?? {};
  if (!isRecord(meta))
    problems.push(
      'extensions.providerMeta must be an object (the provider block, e.g. { region })',
    );
  const importId = IMPORT_ID_KEYS.map((key) => extensions[key]).find(
    (value) => value !== undefined,
  );
  if (importId !== undefined && (typeof importId !== 'string' || importId === ''))
    problems.push(`extensions["${IMPORT_ID_KEYS[0]}"] must be a non-empty string`);

  if (problems.length || typeof provider === 'string' || resourceType === undefined)
    return { problems };
  const name = terraformName(segments.at(-1) ?? resource.id);
  return {
    parsed: {
      id: resource.id,
      resourceType,
      name,
      address: `${resourceType}.${name}`,
      provider,
      providerMeta: meta as Attributes,
      importId: typeof importId === 'string' ? importId : undefined,
      attributes: resource.attributes,
    },
  };
}

/**
 * `registry.terraform.io/hashicorp/aws/5.0.1` → source `registry.terraform.io/hashicorp/aws`,
 * version `5.0.1`, local name `aws`; `hashicorp/aws/5.0.1` gets the default registry host.
 */
export function parseProviderAddress(value: unknown): ProviderRequirement | string {
  const example = 'e.g. "registry.terraform.io/hashicorp/aws/5.100.0"';
  if (typeof value !== 'string')
    return `extensions.provider is missing: it names the provider and its version, ${example}`;
  const parts = value.split('/');
  const version = parts.at(-1) ?? '';
  const source = parts.slice(0, -1);
  if (source.length === 2) source.unshift(DEFAULT_HOST);
  if (source.length !== 3 || source.some((part) => part === '') || !VERSION.test(version)) {
    return `extensions.provider "${value}" is not <host>/<namespace>/<name>/<version> with an exact version, ${example}`;
  }
  return { source: source.join('/'), localName: source[2] ?? '', version };
}

/**
 * A Terraform identifier for a resource name: kept when valid (Kusion's names are), otherwise
 * made valid and suffixed with a hash of the original so two names never meet.
 */
export function terraformName(name: string): string {
  if (IDENTIFIER.test(name)) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^(?=[0-9-])/, 'r_');
  return `${cleaned}_${hash}`;
}

/** Checks every resource; every problem is returned at once. */
export function validateTerraformResources(resources: readonly Resource[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const addresses = new Map<string, string>();
  for (const resource of resources) {
    const result = parseTerraformResource(resource);
    if ('problems' in result) {
      for (const problem of result.problems)
        diagnostics.push({ path: resource.id, message: `${resource.id}: ${problem}` });
      continue;
    }
    const other = addresses.get(result.parsed.address);
    if (other !== undefined) {
      diagnostics.push({
        path: resource.id,
        message: `${resource.id}: "${other}" already is ${result.parsed.address} in the stack's Terraform module: give one of them another last id segment`,
      });
    }
    addresses.set(result.parsed.address, resource.id);
  }
  return diagnostics;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
