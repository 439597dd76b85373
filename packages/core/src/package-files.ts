/**
 * Files @kusion/core ships beside its code (JSON Schemas, scaffolding templates), found through the
 * package itself rather than relative to the module asking: the CLI bundles the engine into one
 * file of its own package, where `import.meta.url` no longer points into this one.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const requireHere = createRequire(import.meta.url);
let packageRoot: string | undefined;

/** `schemas/spec.schema.json` → its absolute file URL in the installed package. */
export function corePackageFile(relativePath: string): URL {
  // Resolves to this package from its own files (self-reference) and from the CLI's bundle alike.
  packageRoot ??= dirname(requireHere.resolve('@kusion/core/package.json'));
  return pathToFileURL(join(packageRoot, relativePath));
}
