/**
 * One app into resources, in Kusion's order: every module generates its part (the workload, each
 * accessory) with the platform configuration the workspace gives the project; the engine adds the
 * workload's Secrets; then every module's patcher is applied — after all modules ran, with
 * `applyPatchers`, the workload being what the workload module generated — and the platform keys
 * every module shares (`importedResources`, `healthPolicy`) are recorded.
 */
import { applyPatchers, isKusionError, KusionError } from '@kusion/sdk';
import type {
  AppConfiguration,
  Attributes,
  Patcher,
  ReleaseScope,
  Resource,
  SecretStoreSettings,
} from '@kusion/sdk';
import type { LoadedModule } from '../plugins/module-loader.js';
import type { AppPart } from './app-parts.js';
import { markImported, mergeImportedResources, recordHealthPolicy } from './cross-cutting.js';
import type { ProjectPlatformConfig } from './platform-config.js';
import { workloadSecrets } from './workload-secrets.js';

export interface GenerateAppRequest {
  readonly scope: ReleaseScope;
  readonly projectDir: string;
  readonly appName: string;
  readonly app: AppConfiguration;
  readonly parts: readonly AppPart[];
  readonly modules: ReadonlyMap<string, LoadedModule>;
  readonly platformOf: (module: string) => ProjectPlatformConfig;
  readonly namespace: string;
  /** The workspace's context, its `ref://` values resolved. */
  readonly context: Attributes;
  readonly secretStore: SecretStoreSettings | undefined;
  readonly deriveSecret: (label: string) => Promise<string>;
}

/** Kusion's mark of the workload among what a workload module generates. */
const IS_WORKLOAD = 'kusion.io/is-workload';

export async function generateApp(request: GenerateAppRequest): Promise<Resource[]> {
  const resources: Resource[] = [];
  const patchers: Patcher[] = [];
  const idsByModule = new Map<string, Set<string>>();
  let workloadIds = new Set<string>();
  for (const part of request.parts) {
    const module = request.modules.get(part.module);
    if (!module) continue; // reported by the loader
    const result = await callModule(module, part, request);
    const ids = idsByModule.get(part.module) ?? new Set<string>();
    for (const resource of result.resources) ids.add(resource.id);
    idsByModule.set(part.module, ids);
    resources.push(...result.resources);
    if (result.patcher) patchers.push(result.patcher);
    if (part.kind === 'workload') workloadIds = workloadOf(result.resources);
  }
  const secrets = request.app.workload?.secrets;
  if (secrets) {
    resources.push(
      ...(await workloadSecrets({
        appName: request.appName,
        namespace: request.namespace,
        secrets,
        hasSecretStore: request.secretStore !== undefined,
        deriveSecret: request.deriveSecret,
      })),
    );
  }
  let patched = applyPatchers({ resources, workloadIds, patchers });

  const imported = new Map<string, Readonly<Record<string, string>>>();
  for (const [module, ids] of idsByModule) {
    const platform = request.platformOf(module);
    imported.set(module, platform.importedResources);
    if (platform.healthPolicy)
      patched = recordHealthPolicy(patched, platform.healthPolicy, ids, workloadIds);
  }
  return markImported(patched, mergeImportedResources(imported));
}

async function callModule(
  module: LoadedModule,
  part: AppPart,
  request: GenerateAppRequest,
): Promise<{ readonly resources: readonly Resource[]; readonly patcher?: Patcher | undefined }> {
  const where = `module ${part.module} (apps.${part.appName}.${part.kind === 'workload' ? 'workload' : `accessories.${part.name}`})`;
  try {
    const result = await module.registration.generate({
      ...request.scope,
      projectDir: request.projectDir,
      appName: request.appName,
      namespace: request.namespace,
      app: request.app,
      part: { kind: part.kind, name: part.name, value: part.value },
      platform: request.platformOf(part.module).settings,
      context: request.context,
      secretStore: request.secretStore,
    });
    if (!Array.isArray(result.resources)) {
      throw new KusionError('SPEC_INVALID', `${where} returned no resources list`, {
        hint: 'this is a bug in the module: generate must return { resources: [...] }',
      });
    }
    return result;
  } catch (error) {
    if (isKusionError(error) && error.message.startsWith(where)) throw error;
    throw new KusionError(
      isKusionError(error) ? error.code : 'SPEC_INVALID',
      `${where} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
        hint:
          (isKusionError(error) ? error.hint : undefined) ??
          "check the settings of that part and the workspace's platform settings for the module",
      },
    );
  }
}

/** What the workload module generated; only the resources it marks, when it marks some (Kusion). */
function workloadOf(resources: readonly Resource[]): Set<string> {
  const marked = resources.filter((r) => {
    const mark = r.extensions?.[IS_WORKLOAD];
    return mark === true || mark === 'true';
  });
  return new Set((marked.length ? marked : resources).map((r) => r.id));
}
