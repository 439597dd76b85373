/**
 * What every operation starts from: the stack's Terraform resources read and checked, the
 * provider versions resolved against the local mirrors, the root module generated, and
 * Terraform's state rebuilt from what our backend recorded.
 */
import type { IoHost, Resource, ResourceState, Sealer } from '@kusion/sdk';
import { TerraformError } from './errors.js';
import { defaultPluginDirs, resolveVersion, scanMirrors } from './mirror/plugin-mirror.js';
import { buildRootModule } from './model/root-module.js';
import type { RootModule } from './model/root-module.js';
import { parseTerraformResource } from './model/terraform-resource.js';
import type { TerraformResource } from './model/terraform-resource.js';
import type { TerraformSettings } from './settings.js';
import { rebuildState } from './state/sealed-state.js';
import { resourceLines } from './terraform/diagnostics.js';
import type { WorkdirRequest } from './terraform/workdir.js';

/** What one provider instance keeps between operations of a run. */
export interface ProviderEnvironment {
  readonly settings: TerraformSettings;
  readonly sealer: Sealer | undefined;
  /** Notices already given this run (a provider version substituted...). */
  readonly notices: Set<string>;
}

export interface StackModuleRequest {
  /** Resources the module must hold. */
  readonly resources: readonly Resource[];
  /** Everything recorded for this provider: the state, and provider blocks for deletions. */
  readonly priors: readonly ResourceState[];
  readonly referencedAttributes?: ReadonlyMap<string, readonly string[]>;
  readonly unknownPaths?: ReadonlyMap<string, readonly string[]>;
  readonly io: IoHost;
  readonly signal: AbortSignal;
}

export interface StackModule {
  readonly module: RootModule;
  readonly resources: readonly TerraformResource[];
  /** Desired: Kusion id by Terraform address. */
  readonly desired: ReadonlyMap<string, string>;
  /** Recorded: Kusion id by Terraform address. */
  readonly recorded: ReadonlyMap<string, string>;
  readonly workdir: WorkdirRequest;
  /** The resource block a line of `main.tf.json` belongs to (for Terraform's diagnostics). */
  readonly addressAtLine: (line: number) => string | undefined;
}

export async function prepareStackModule(
  environment: ProviderEnvironment,
  request: StackModuleRequest,
): Promise<StackModule> {
  const resources = request.resources.map(parseOrThrow);
  // Resources leaving the module still need their provider configured to be destroyed.
  const leaving = request.priors
    .filter((prior) => !resources.some((resource) => resource.id === prior.id))
    .map((prior) => parseTerraformResource(prior))
    .flatMap((result) => ('parsed' in result ? [result.parsed] : []));
  const all = [...resources, ...leaving];

  const pluginDirs = environment.settings.pluginDirs ?? defaultPluginDirs(process.env);
  const index = await scanMirrors(
    pluginDirs,
    all.map((resource) => resource.provider.source),
  );
  const versions = new Map<string, string>();
  for (const resource of all) {
    if (versions.has(resource.provider.source)) continue;
    const resolved = resolveVersion(
      resource.provider,
      index,
      environment.settings.providerVersions,
      {
        dirs: pluginDirs,
        resourceId: resource.id,
      },
    );
    versions.set(resource.provider.source, resolved.version);
    if (resolved.notice && !environment.notices.has(resolved.notice)) {
      environment.notices.add(resolved.notice);
      await request.io.notify({
        level: 'warn',
        code: 'PROVIDER_NOTICE',
        message: resolved.notice,
        data: { provider: 'terraform' },
      });
    }
  }

  const dependsOn = new Map(request.resources.map((r) => [r.id, r.dependsOn ?? []]));
  const module = buildRootModule({
    resources,
    providerOnly: leaving,
    versions,
    dependsOn,
    ...(request.referencedAttributes ? { referencedAttributes: request.referencedAttributes } : {}),
    ...(request.unknownPaths ? { unknownPaths: request.unknownPaths } : {}),
  });
  const state = await rebuildState(request.priors, environment.sealer);
  const moduleText = `${JSON.stringify(module.document, null, 2)}\n`;
  return {
    addressAtLine: resourceLines(moduleText),
    module,
    resources,
    desired: new Map(resources.map((resource) => [resource.address, resource.id])),
    recorded: state.idsByAddress,
    workdir: {
      terraformPath: environment.settings.terraformPath,
      pluginDirs,
      moduleText,
      stateText: state.text,
      env: environment.settings.env,
      signal: request.signal,
    },
  };
}

function parseOrThrow(resource: Resource): TerraformResource {
  const result = parseTerraformResource(resource);
  if ('parsed' in result) return result.parsed;
  throw new TerraformError(
    'TERRAFORM_RESOURCE_INVALID',
    `${resource.id}: ${result.problems.join('; ')}`,
    {
      resourceId: resource.id,
      hint: 'write the resource as Kusion does: id providerNamespace:providerName:resourceType:resourceName, extensions.provider and extensions.resourceType',
    },
  );
}
