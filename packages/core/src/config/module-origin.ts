/**
 * Where a workspace's module comes from: `modules.<name>.package` (an npm name), or Kusion's
 * `path` (`oci://ghcr.io/kusionstack/<name>`), which maps to our catalog package of the same name,
 * or neither: `@kusion/module-<name>`, then `kusion-module-<name>`.
 */
import type { ModuleSettings } from '@kusion/sdk';

/** Kusion's catalog lives here; `oci://` is optional, as Kusion accepts both. */
const KUSION_CATALOG = /^(?:oci:\/\/)?ghcr\.io\/kusionstack\/([a-z0-9][a-z0-9_-]*)\/?$/i;

export interface ModuleOrigin {
  /** The name apps use (`workload.module`, `accessories.<x>.module`): the key under `modules`. */
  readonly name: string;
  /** npm packages tried in order; the first one installed is used. */
  readonly candidates: readonly string[];
  /** The module the package must register: the key, or the name in Kusion's path. */
  readonly registeredAs: string;
  /** A semver range the installed package must satisfy (not with Kusion's `path`). */
  readonly versionRange: string | undefined;
  /** Kusion's module location and version, shown to the user, not enforced against ours. */
  readonly kusion: { readonly path: string; readonly version: string | undefined } | undefined;
}

/** The catalog module a Kusion `path` names, or undefined when it is not Kusion's catalog. */
export function kusionCatalogModule(path: string): string | undefined {
  return KUSION_CATALOG.exec(path.trim())?.[1]?.toLowerCase();
}

/** Where a module comes from; the settings are assumed valid (see `checkModuleSettings`). */
export function moduleOrigin(name: string, settings: ModuleSettings | undefined): ModuleOrigin {
  const catalogName = settings?.path === undefined ? undefined : kusionCatalogModule(settings.path);
  if (settings?.path !== undefined && catalogName !== undefined) {
    return {
      name,
      candidates: [`@kusion/module-${catalogName}`],
      registeredAs: catalogName,
      versionRange: undefined,
      kusion: { path: settings.path, version: settings.version },
    };
  }
  return {
    name,
    candidates: settings?.package
      ? [settings.package]
      : [`@kusion/module-${name}`, `kusion-module-${name}`],
    registeredAs: name,
    versionRange: settings?.version,
    kusion: undefined,
  };
}

/** What to write instead of a `path` we cannot load, in one sentence. */
export function unsupportedPathAdvice(name: string, path: string): string {
  return `"${path}" is not Kusion's catalog (oci://ghcr.io/kusionstack/<module>): this Kusion loads modules from npm, so write \`package: <npm package>\` instead of path (or remove path to use @kusion/module-${name})`;
}
