/**
 * Finds a plugin package the way a user expects: the project's own node_modules first, then the
 * engine's own installation (where the CLI brings our providers).
 */
import { pathToFileURL } from 'node:url';
import { resolve as resolveModule } from 'import-meta-resolve';

export type ResolvedPackage = { readonly url: string } | { readonly notFound: string };

export function resolvePluginPackage(packageName: string, projectDir: string): ResolvedPackage {
  const parents = [pathToFileURL(`${projectDir}/package.json`).href, import.meta.url];
  const reasons: string[] = [];
  for (const parent of parents) {
    try {
      return { url: resolveModule(packageName, parent) };
    } catch (error) {
      reasons.push(describeResolveError(error));
    }
  }
  return { notFound: reasons[0] ?? 'not found' };
}

function describeResolveError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_MODULE_NOT_FOUND') return 'not installed';
  if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return 'its package.json has no "." export';
  return error instanceof Error ? error.message : String(error);
}
