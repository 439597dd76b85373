/**
 * Settings of the `terraform` provider (workspace `providers.terraform`). Unknown keys are refused
 * so a typo never silently falls back to a default; every problem is reported together.
 */
import { isAbsolute, resolve } from 'node:path';
import { KusionError } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';
import type { VersionRule } from './mirror/plugin-mirror.js';

export interface TerraformSettings {
  /** The `terraform` binary; default: the one on PATH. */
  readonly terraformPath: string;
  /**
   * Filesystem mirrors / plugin caches to install providers from; default: `TF_PLUGIN_CACHE_DIR`
   * and the folders Terraform searches itself.
   */
  readonly pluginDirs: readonly string[] | undefined;
  readonly providerVersions: VersionRule;
  /** Extra environment for Terraform and its providers (values may be `ref://` secrets). */
  readonly env: Readonly<Record<string, string>>;
}

const KNOWN = ['terraformPath', 'pluginDirs', 'providerVersions', 'env'];

export function parseSettings(settings: Attributes, projectDir: string): TerraformSettings {
  const problems: string[] = [];
  for (const key of Object.keys(settings)) {
    if (!KNOWN.includes(key))
      problems.push(`unknown setting "${key}" (known: ${KNOWN.join(', ')})`);
  }
  const {
    terraformPath = 'terraform',
    pluginDirs,
    providerVersions = 'same-major',
    env = {},
  } = settings as Record<string, unknown>;
  if (typeof terraformPath !== 'string' || terraformPath === '')
    problems.push(
      `"terraformPath" must be a path to the terraform binary, received ${typeOf(terraformPath)}`,
    );
  const dirsValid =
    pluginDirs === undefined ||
    (Array.isArray(pluginDirs) && pluginDirs.every((dir) => typeof dir === 'string' && dir !== ''));
  if (!dirsValid)
    problems.push(`"pluginDirs" must be a list of folders, received ${typeOf(pluginDirs)}`);
  if (providerVersions !== 'exact' && providerVersions !== 'same-major')
    problems.push(
      `"providerVersions" must be "exact" or "same-major", received ${JSON.stringify(providerVersions)}`,
    );
  const envValid =
    typeof env === 'object' &&
    env !== null &&
    !Array.isArray(env) &&
    Object.values(env).every((value) => typeof value === 'string');
  if (!envValid) problems.push(`"env" must map names to strings, received ${typeOf(env)}`);
  if (problems.length) {
    throw new KusionError(
      'CONFIG_INVALID',
      `invalid settings for provider "terraform": ${problems.join('; ')}`,
      {
        hint: 'fix providers.terraform in the workspace, e.g. { pluginDirs: [/opt/tf-plugins], providerVersions: same-major }',
      },
    );
  }
  return {
    terraformPath: terraformPath as string,
    pluginDirs: (pluginDirs as string[] | undefined)?.map((dir) =>
      isAbsolute(dir) ? dir : resolve(projectDir, dir),
    ),
    providerVersions: providerVersions as VersionRule,
    env: env as Record<string, string>,
  };
}

/** Only the type: settings may hold secrets. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
