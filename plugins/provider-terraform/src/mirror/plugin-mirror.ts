/**
 * Provider plugins come from folders on this machine only, never from a registry: filesystem
 * mirrors and plugin caches (both laid out `<host>/<namespace>/<name>/<version>/<os_arch>/`, or
 * packed as `<host>/<namespace>/<name>/terraform-provider-<name>_<version>_<os_arch>.zip`).
 * Terraform is pointed at them with a CLI configuration that lists them and nothing else.
 */
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TerraformError } from '../errors.js';
import type { ProviderRequirement } from '../model/terraform-resource.js';

/** What to do when the exact version a Spec names is not in any mirror. */
export type VersionRule = 'exact' | 'same-major';

/** Versions found per provider source (`registry.terraform.io/hashicorp/aws`). */
export type MirrorIndex = ReadonlyMap<string, readonly string[]>;

/**
 * The folders searched when the settings name none: `TF_PLUGIN_CACHE_DIR`, then the folders
 * Terraform itself searches as implied local mirrors on Unix.
 */
export function defaultPluginDirs(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? homedir();
  const dataHome = env.XDG_DATA_HOME ?? join(home, '.local', 'share');
  return [
    ...(env.TF_PLUGIN_CACHE_DIR ? [env.TF_PLUGIN_CACHE_DIR] : []),
    join(home, '.terraform.d', 'plugins'),
    join(dataHome, 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
}

/** Terraform's name for this machine's platform (`linux_amd64`). */
export function currentPlatform(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch];
  return `${os}_${arch ?? process.arch}`;
}

/** Indexes the providers of the given sources found in `dirs` for `platform`. */
export async function scanMirrors(
  dirs: readonly string[],
  sources: Iterable<string>,
  platform: string = currentPlatform(),
): Promise<MirrorIndex> {
  const index = new Map<string, string[]>();
  for (const source of new Set(sources)) {
    const name = source.split('/').at(-1) ?? '';
    const versions = new Set<string>();
    for (const dir of dirs) {
      const base = join(dir, ...source.split('/'));
      for (const entry of await list(base)) {
        const packed = new RegExp(
          `^terraform-provider-${escape(name)}_(\\d+\\.\\d+\\.\\d+)_${escape(platform)}\\.zip$`,
        ).exec(entry);
        if (packed?.[1]) versions.add(packed[1]);
        else if (
          /^\d+\.\d+\.\d+$/.test(entry) &&
          (await list(join(base, entry))).includes(platform)
        )
          versions.add(entry);
      }
    }
    index.set(source, [...versions].sort(compareVersions));
  }
  return index;
}

export interface ResolvedVersion {
  readonly version: string;
  /** Set when another version than the Spec's is used: said to the user once. */
  readonly notice?: string;
}

/**
 * The version to install: the Spec's when a mirror has it; with `same-major`, else the newest
 * mirrored one of the same major version (Kusion's modules pin e.g. 5.0.1, which machines rarely
 * mirror); otherwise a coded error saying what is there and how to fix it.
 */
export function resolveVersion(
  requirement: ProviderRequirement,
  index: MirrorIndex,
  rule: VersionRule,
  where: { readonly dirs: readonly string[]; readonly resourceId: string },
): ResolvedVersion {
  const available = index.get(requirement.source) ?? [];
  if (available.includes(requirement.version)) return { version: requirement.version };
  const major = requirement.version.split('.')[0];
  const sameMajor = available.filter((version) => version.split('.')[0] === major).at(-1);
  if (rule === 'same-major' && sameMajor) {
    return {
      version: sameMajor,
      notice: `${requirement.source} ${requirement.version} is in no plugin mirror: using ${sameMajor}, the newest ${major}.x mirrored (set providers.terraform.providerVersions: exact to refuse instead).`,
    };
  }
  const found = available.length ? `it has ${available.join(', ')}` : 'it has no version of it';
  throw new TerraformError(
    'TERRAFORM_PROVIDER_MISSING',
    `${where.resourceId} needs provider ${requirement.source} ${requirement.version} for ${currentPlatform()}, which is in no plugin mirror (searched ${where.dirs.length ? where.dirs.join(', ') : 'no folder'}): ${found}`,
    {
      resourceId: where.resourceId,
      hint:
        rule === 'exact' && sameMajor
          ? `use ${sameMajor} in extensions.provider, or set providers.terraform.providerVersions: same-major`
          : `put the provider in a filesystem mirror (terraform providers mirror <dir> on a machine that can download) and name it in providers.terraform.pluginDirs or TF_PLUGIN_CACHE_DIR; nothing is downloaded`,
    },
  );
}

/** A Terraform CLI configuration that installs providers from `dirs` only. */
export function cliConfiguration(dirs: readonly string[]): string {
  const mirrors = dirs
    .map((dir) => `  filesystem_mirror {\n    path = ${JSON.stringify(dir)}\n  }\n`)
    .join('');
  return `# Written by @kusion/provider-terraform: providers come from these folders only.\nprovider_installation {\n${mirrors}}\n`;
}

export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference) return difference;
  }
  return 0;
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
