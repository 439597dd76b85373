/**
 * The one root module (`main.tf.json`, Terraform's JSON syntax) that holds every Terraform resource
 * of a stack in a workspace: provider requirements and blocks from the resources' extensions,
 * `$kusion_path` references between them as Terraform references, `import` blocks, and an output
 * per attribute that resources of other providers read.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parseAttributePath } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';
import { TerraformError } from '../errors.js';
import { escapeTemplates, referenceOf, rewriteReferences } from './references.js';
import type { TerraformResource } from './terraform-resource.js';

export interface RootModuleRequest {
  readonly resources: readonly TerraformResource[];
  /** Resources leaving the module: only their providers are configured, so Terraform can destroy them. */
  readonly providerOnly?: readonly TerraformResource[];
  /** The version installed for each provider source (see `resolveVersion`). */
  readonly versions: ReadonlyMap<string, string>;
  /** Per resource id, the attribute paths resources of other providers reference. */
  readonly referencedAttributes?: ReadonlyMap<string, readonly string[]>;
  /** Per resource id, attribute paths whose values are known only after apply. */
  readonly unknownPaths?: ReadonlyMap<string, readonly string[]>;
  /** Kusion `dependsOn` per resource id. */
  readonly dependsOn?: ReadonlyMap<string, readonly string[]>;
}

/** An output that carries one attribute to another provider. */
export interface ExposedAttribute {
  readonly id: string;
  readonly path: string;
}

export interface RootModule {
  readonly document: Record<string, unknown>;
  /** Output name → the attribute it exposes. */
  readonly outputs: ReadonlyMap<string, ExposedAttribute>;
}

export function buildRootModule(request: RootModuleRequest): RootModule {
  const addresses = new Map(request.resources.map((r) => [r.id, r.address]));
  const providers = providerBlocks(
    [...request.resources, ...(request.providerOnly ?? [])],
    new Set(request.providerOnly?.map((resource) => resource.id)),
    request.versions,
  );

  const resourceBlocks: Record<string, Record<string, unknown>> = {};
  const imports: { to: string; id: string }[] = [];
  for (const resource of request.resources) {
    const unknown = new Set(request.unknownPaths?.get(resource.id) ?? []);
    const body = rewriteReferences(resource.attributes, {
      addresses,
      resourceId: resource.id,
      unknownPaths: unknown,
    }) as Record<string, unknown>;
    const alias = providers.aliasOf.get(resource.id);
    if (alias) body['provider'] = alias;
    const dependsOn = (request.dependsOn?.get(resource.id) ?? [])
      .map((id) => addresses.get(id))
      .filter((address) => address !== undefined);
    if (dependsOn.length) body['depends_on'] = dependsOn;
    (resourceBlocks[resource.resourceType] ??= {})[resource.name] = body;
    if (resource.importId !== undefined)
      imports.push({ to: resource.address, id: escapeTemplates(resource.importId) as string });
  }

  const outputs = new Map<string, ExposedAttribute>();
  const outputBlocks: Record<string, unknown> = {};
  for (const [id, paths] of request.referencedAttributes ?? []) {
    const address = addresses.get(id);
    if (!address) continue;
    for (const path of paths) {
      const name = outputName(id, path);
      outputs.set(name, { id, path });
      // Marked sensitive so Terraform accepts any attribute; the engine decides what it shows.
      outputBlocks[name] = {
        value: `\${${referenceOf(address, parseAttributePath(path))}}`,
        sensitive: true,
      };
    }
  }

  return {
    document: {
      terraform: { required_providers: providers.requirements },
      ...(Object.keys(providers.blocks).length ? { provider: providers.blocks } : {}),
      ...(Object.keys(resourceBlocks).length ? { resource: resourceBlocks } : {}),
      ...(imports.length ? { import: imports } : {}),
      ...(Object.keys(outputBlocks).length ? { output: outputBlocks } : {}),
    },
    outputs,
  };
}

/** `kusion_<hash>`: a stable output name for an id and path (ids hold characters names cannot). */
export function outputName(id: string, path: string): string {
  return `kusion_${createHash('sha256').update(`${id}\0${path}`).digest('hex').slice(0, 16)}`;
}

interface ProviderBlocks {
  readonly requirements: Record<string, { source: string; version: string }>;
  readonly blocks: Record<string, Attributes[]>;
  /** `aws.kusion_<hash>` for resources whose providerMeta differs from the first one's. */
  readonly aliasOf: ReadonlyMap<string, string>;
}

/**
 * One requirement per provider, one block per distinct `providerMeta`: the first meta seen is the
 * default configuration, each other one an alias named after its content, so a Spec mixing
 * regions deploys each resource where it says.
 */
function providerBlocks(
  resources: readonly TerraformResource[],
  leaving: ReadonlySet<string>,
  versions: ReadonlyMap<string, string>,
): ProviderBlocks {
  const requirements: ProviderBlocks['requirements'] = {};
  const blocks: ProviderBlocks['blocks'] = {};
  const aliasOf = new Map<string, string>();
  const firstOf = new Map<string, TerraformResource>();
  for (const resource of resources) {
    const { localName, source, version } = resource.provider;
    const installed = versions.get(source) ?? version;
    const first = firstOf.get(localName);
    if (!first) {
      firstOf.set(localName, resource);
      requirements[localName] = { source, version: installed };
      blocks[localName] = [escapeTemplates(resource.providerMeta) as Attributes];
      continue;
    }
    const isConflict =
      first.provider.source !== source ||
      (first.provider.version !== version && !leaving.has(resource.id));
    if (isConflict) {
      throw new TerraformError(
        'TERRAFORM_RESOURCE_INVALID',
        `${resource.id} asks for provider ${source} ${version}, but ${first.id} asks for ${first.provider.source} ${first.provider.version}: one Terraform module installs one version of provider "${localName}"`,
        {
          resourceId: resource.id,
          hint: 'write the same extensions.provider on every resource of that provider',
        },
      );
    }
    if (isDeepStrictEqual(resource.providerMeta, first.providerMeta)) continue;
    const alias = `kusion_${createHash('sha256').update(JSON.stringify(resource.providerMeta)).digest('hex').slice(0, 8)}`;
    const list = blocks[localName] ?? [];
    if (!list.some((block) => block['alias'] === alias))
      list.push({ ...(escapeTemplates(resource.providerMeta) as Attributes), alias });
    aliasOf.set(resource.id, `${localName}.${alias}`);
  }
  return { requirements, blocks, aliasOf };
}
