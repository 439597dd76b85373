/**
 * Loads the modules a stack or a workspace names, by the workspace's rules (see
 * `config/module-origin.ts`), from the project's node_modules first, then the engine's own
 * installation — exactly as providers load. A workspace's `version` range is checked against the
 * installed package's `package.json` version.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleRegistration, Workspace } from '@kusion/sdk';
import semver from 'semver';
import { moduleOrigin } from '../config/module-origin.js';
import type { ModuleOrigin } from '../config/module-origin.js';
import { importPluginPackage } from './plugin-importer.js';
import type { PluginRegistry } from './plugin-registry.js';

export interface LoadedModule {
  readonly origin: ModuleOrigin;
  readonly registration: ModuleRegistration;
  /** The npm package it came from; undefined for a module a plugin registered in-process. */
  readonly packageName: string | undefined;
  /** The installed package's version, else the one the module declares. */
  readonly version: string | undefined;
}

export interface ModuleLoadProblem {
  readonly origin: ModuleOrigin;
  readonly packageName: string;
  readonly reason: string;
  /**
   * Not installed, or installed at a version outside the workspace's range: a fact about this
   * machine, so `workspace create` only warns about it.
   */
  readonly isInstallation: boolean;
}

export interface ModuleLoadResult {
  readonly loaded: ReadonlyMap<string, LoadedModule>;
  readonly problems: readonly ModuleLoadProblem[];
}

export interface LoadModulesRequest {
  /** Module names as apps use them (keys under the workspace's `modules`). */
  readonly names: Iterable<string>;
  readonly workspace: Pick<Workspace, 'modules'>;
  readonly registry: PluginRegistry;
  /** Packages resolve from this folder's node_modules first. */
  readonly projectDir: string;
}

export async function loadModules(request: LoadModulesRequest): Promise<ModuleLoadResult> {
  const loaded = new Map<string, LoadedModule>();
  const problems: ModuleLoadProblem[] = [];
  await Promise.all(
    [...new Set(request.names)].map(async (name) => {
      const origin = moduleOrigin(name, request.workspace.modules?.[name]);
      const outcome = await loadOne(origin, request);
      if ('reason' in outcome) problems.push(outcome);
      else loaded.set(name, outcome);
    }),
  );
  return { loaded, problems };
}

async function loadOne(
  origin: ModuleOrigin,
  request: LoadModulesRequest,
): Promise<LoadedModule | ModuleLoadProblem> {
  const { registry } = request;
  const registeredInProcess = registry.modules.get(origin.registeredAs);
  if (registeredInProcess) {
    return checkVersion({
      origin,
      registration: registeredInProcess,
      packageName: undefined,
      version: registeredInProcess.version,
    });
  }
  const outcome = await importPluginPackage(origin.candidates, request.projectDir, registry);
  if ('reason' in outcome) {
    return {
      origin,
      packageName: outcome.packageName,
      reason: outcome.reason,
      isInstallation: outcome.reason.startsWith('not found'),
    };
  }
  const registration = registry.modules.get(origin.registeredAs);
  if (!registration) {
    const registered = [...registry.modules.keys()];
    return {
      origin,
      packageName: outcome.packageName,
      reason: `it does not register a module named "${origin.registeredAs}"${registered.length ? ` (modules registered so far: ${registered.join(', ')})` : ''}`,
      isInstallation: false,
    };
  }
  const version =
    (await installedVersion(outcome.url, outcome.packageName)) ?? registration.version;
  return checkVersion({ origin, registration, packageName: outcome.packageName, version });
}

function checkVersion(module: LoadedModule): LoadedModule | ModuleLoadProblem {
  const range = module.origin.versionRange;
  if (range === undefined) return module;
  const packageName = module.packageName ?? `module ${module.origin.registeredAs}`;
  if (module.version === undefined || semver.valid(module.version) === null) {
    return {
      origin: module.origin,
      packageName,
      reason: `the workspace asks for version ${range}, and the installed package declares no semver version`,
      isInstallation: true,
    };
  }
  if (!semver.satisfies(module.version, range, { includePrerelease: true })) {
    return {
      origin: module.origin,
      packageName,
      reason: `version ${module.version} is installed and the workspace asks for ${range}: install a matching one (npm install ${packageName}@"${range}") or change modules.${module.origin.name}.version`,
      isInstallation: true,
    };
  }
  return module;
}

/** The `version` of the package an entry point belongs to: the nearest package.json of that name. */
async function installedVersion(
  entryUrl: string,
  packageName: string,
): Promise<string | undefined> {
  if (!entryUrl.startsWith('file:')) return undefined;
  let dir = dirname(fileURLToPath(entryUrl));
  for (;;) {
    const manifest = await readManifest(join(dir, 'package.json'));
    if (manifest?.name === packageName)
      return typeof manifest.version === 'string' ? manifest.version : undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function readManifest(
  path: string,
): Promise<{ readonly name?: unknown; readonly version?: unknown } | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
