/**
 * What both generators do: render a scaffold with `renderScaffold` from @kusion/core — the
 * templates and the renderer `kusion provider init` uses — into the nx tree, as a package of this
 * repository (`@kusion/<kind>-<name>` in `plugins/`, tagged `scope:plugin`), formatted like the rest.
 */
import { formatFiles, joinPathFragments, logger } from '@nx/devkit';
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { renderScaffold } from '@kusion/core';
import type { ScaffoldKind } from '@kusion/core';

export interface PackageGeneratorOptions {
  /** Lower-case name: `acme` → plugins/provider-acme, @kusion/provider-acme. */
  readonly name: string;
  /** Folder from the repository root; default `plugins/<kind>-<name>`. */
  readonly directory?: string;
  /** Default `@kusion/<kind>-<name>`. */
  readonly packageName?: string;
  /** A provider's resource type; default the name in PascalCase. */
  readonly resourceType?: string;
}

export async function generatePackage(
  tree: Tree,
  kind: ScaffoldKind,
  options: PackageGeneratorOptions,
): Promise<GeneratorCallback> {
  const directory = options.directory ?? `plugins/${kind}-${options.name}`;
  if (tree.exists(directory) && tree.children(directory).length)
    throw new Error(`${directory} exists and is not empty: choose another --directory`);
  const files = await renderScaffold({
    kind,
    name: options.name,
    packageName: options.packageName ?? `@kusion/${kind}-${options.name}`,
    resourceType: options.resourceType,
    nxTags: ['scope:plugin'],
    generatedBy: `npx nx g @kusion/tools:${kind} ${options.name}`,
  });
  for (const file of files) tree.write(joinPathFragments(directory, file.path), file.content);
  await formatFiles(tree);
  return () => {
    logger.info(
      `Created ${directory}. Next: npm install, then npx nx run-many -t build test -p ${options.packageName ?? `@kusion/${kind}-${options.name}`}`,
    );
  };
}
