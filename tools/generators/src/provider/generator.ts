/** `npx nx g @kusion/tools:provider <name>`: a provider package in plugins/provider-<name>. */
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { generatePackage } from '../generate-package.ts';
import type { PackageGeneratorOptions } from '../generate-package.ts';

export default function providerGenerator(
  tree: Tree,
  options: PackageGeneratorOptions,
): Promise<GeneratorCallback> {
  return generatePackage(tree, 'provider', options);
}
