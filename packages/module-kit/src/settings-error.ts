/**
 * Errors about settings a JSON Schema cannot check (a file path without a file name, a public port
 * with no load balancer settings...). App-side ones are `ConfigError`s whose diagnostic carries the
 * attribute path inside the stack configuration (`apps.shop.accessories.db.version`), so the engine
 * can place them at a line of main.yaml; platform-side ones name the workspace's module settings.
 */
import { ConfigError, formatAttributePath, KusionError } from '@kusion/sdk';
import type { ModuleGenerateRequest } from '@kusion/sdk';

type PartScope = Pick<ModuleGenerateRequest, 'appName' | 'part'>;

/** Where the part sits in the stack configuration, as segments: `apps`, `shop`, `accessories`, `db`. */
export function partPath(request: PartScope): string[] {
  return request.part.kind === 'workload'
    ? ['apps', request.appName, 'workload']
    : ['apps', request.appName, 'accessories', request.part.name];
}

/** A wrong app setting at `path` (segments below the part); `hint` says how to fix it. */
export function appSettingError(
  request: PartScope,
  path: readonly (string | number)[],
  message: string,
  hint?: string,
): ConfigError {
  const at = formatAttributePath([...partPath(request), ...path]);
  return new ConfigError([{ message: `${at}: ${message}`, path: at }], { hint });
}

/** A wrong or missing platform setting of module `module` (the workspace's `modules.<module>.configs`). */
export function platformSettingError(
  module: string,
  setting: string,
  message: string,
  hint?: string,
): KusionError {
  return new KusionError(
    'CONFIG_INVALID',
    `workspace modules.${module}.configs: ${setting}: ${message}`,
    { hint },
  );
}
