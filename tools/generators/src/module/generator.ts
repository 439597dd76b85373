/**
 * `npx nx g @kusion/tools:module <name>`: a module package in plugins/module-<name>. The modules
 * work (`kusion mod init`) writes its own scaffold for now; both could share these templates.
 */
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { generatePackage } from '../generate-package.ts';
import type { PackageGeneratorOptions } from '../generate-package.ts';

export default function moduleGenerator(
  tree: Tree,
  options: PackageGeneratorOptions,
): Promise<GeneratorCallback> {
  return generatePackage(tree, 'module', options);
}
