/**
 * Accessories reach the workload through environment variables (`DB_HOST`, `QUEUE_URL`...). Two
 * accessories of one kind in one app would overwrite each other's variables, so a module that uses
 * a default prefix checks its siblings and asks for an explicit `envPrefix` instead of guessing.
 */
import type { ModuleGenerateRequest } from '@kusion/sdk';
import { appSettingError } from './settings-error.js';

/**
 * The prefix of the variables this accessory writes: its `envPrefix` setting, else `fallback`.
 * `family` lists the modules that write the same default names (`postgres` and `mysql` both write
 * `DB_*`); an app with two of them and the same prefix fails, naming both accessories.
 */
export function envPrefixOf(
  request: Pick<ModuleGenerateRequest, 'app' | 'appName' | 'part'>,
  fallback: string,
  family: readonly string[],
): string {
  const prefixOf = (value: Readonly<Record<string, unknown>>): string =>
    typeof value['envPrefix'] === 'string' ? value['envPrefix'] : fallback;
  const own = prefixOf(request.part.value);
  const clash = Object.entries(request.app.accessories ?? {}).find(
    ([name, accessory]) =>
      name !== request.part.name &&
      family.includes(accessory.module) &&
      prefixOf(accessory) === own,
  );
  if (clash) {
    throw appSettingError(
      request,
      ['envPrefix'],
      `accessories "${request.part.name}" and "${clash[0]}" would both set ${own}* environment variables`,
      `set a different envPrefix on one of them, e.g. envPrefix: ${JSON.stringify(`${clash[0].toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_`)}`,
    );
  }
  return own;
}
