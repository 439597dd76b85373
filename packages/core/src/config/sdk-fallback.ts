/**
 * A project's `main.ts` imports `@kusion/sdk`, and the typed builders of catalog modules
 * (`import { postgres } from '@kusion/module-postgres'`); a module package installed in the project
 * imports `@kusion/sdk`, its peer dependency. They resolve from the project's own node_modules
 * first (the versions the project pinned); a project without them — a folder with only
 * `project.yaml` and stacks, next to a globally installed `kusion` and its modules — gets the ones
 * the engine itself was installed with, instead of `Cannot find module '@kusion/sdk'`: the same
 * order in which the engine finds module packages.
 */
import module, { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { resolve as resolveModule } from 'import-meta-resolve';

const SDK = '@kusion/sdk';
const CATALOG_MODULE = '@kusion/module-';

let isRegistered = false;

/** Installs the fallback once per process (Node's synchronous hooks cover `import` and `require`). */
export function registerSdkFallback(): void {
  if (isRegistered) return;
  isRegistered = true;
  // Node 22.15 added synchronous hooks; on an older 22 the project must bring its own sdk.
  if (typeof module.registerHooks !== 'function') return;
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        if (!isSdkSpecifier(specifier) || !isNotFound(error)) throw error;
        return { url: resolveFromEngine(specifier, context.conditions), shortCircuit: true };
      }
    },
  });
}

/** `@kusion/sdk` (and its subpaths) or one of our catalog modules. */
export function isSdkSpecifier(specifier: string): boolean {
  return (
    specifier === SDK || specifier.startsWith(`${SDK}/`) || specifier.startsWith(CATALOG_MODULE)
  );
}

/** The URL `specifier` has from the engine's own installation, under `require` or `import` rules. */
export function resolveFromEngine(specifier: string, conditions: readonly string[]): string {
  if (conditions.includes('require'))
    return pathToFileURL(createRequire(import.meta.url).resolve(specifier)).href;
  return resolveModule(specifier, import.meta.url);
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
