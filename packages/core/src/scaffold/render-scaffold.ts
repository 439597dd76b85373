/**
 * Scaffolds of new packages — a provider, a module — rendered from the templates shipped in
 * `@kusion/core/templates/<kind>/`. The convention is nx's `generateFiles`: every file is an EJS
 * template (`<%= name %>`), and a `.template` suffix is dropped from its name. `kusion provider init`
 * writes the files to disk; the nx generators of `@kusion/tools` write the same files into a tree.
 * A new kind of scaffold is a folder of templates and an entry in `DEFAULT_PACKAGE`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRACT_VERSION, KusionError } from '@kusion/sdk';
import { corePackageFile } from '../package-files.js';

export type ScaffoldKind = 'provider' | 'module';

export interface ScaffoldOptions {
  readonly kind: ScaffoldKind;
  /** Lower-case, digits and `-`: the provider's (or module's) name, e.g. `acme`. */
  readonly name: string;
  /** Default `kusion-provider-<name>` or `kusion-module-<name>`. */
  readonly packageName?: string | undefined;
  /** The resource type a provider owns; default the name in PascalCase (`acme-db` → `AcmeDb`). */
  readonly resourceType?: string | undefined;
  /** nx project tags written into package.json (inside a monorepo). */
  readonly nxTags?: readonly string[] | undefined;
  /** What made it, named in the README: `kusion provider init acme`. */
  readonly generatedBy: string;
}

export interface ScaffoldFile {
  /** Relative to the package folder, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

/**
 * The tool versions a scaffold's package.json pins: those this repository builds and tests with
 * (a test keeps them equal to the root package.json's).
 */
export const SCAFFOLD_TOOL_VERSIONS = {
  typescript: '5.9.3',
  vitest: '4.1.12',
  typesNode: '22.20.5',
} as const;

const DEFAULT_PACKAGE: Readonly<Record<ScaffoldKind, string>> = {
  provider: 'kusion-provider-',
  module: 'kusion-module-',
};

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export async function renderScaffold(options: ScaffoldOptions): Promise<ScaffoldFile[]> {
  if (!NAME.test(options.name)) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `invalid ${options.kind} name ${JSON.stringify(options.name)}: expected lower-case letters and digits, words separated by "-", starting with a letter`,
      { hint: `e.g. acme or acme-db; the package becomes ${DEFAULT_PACKAGE[options.kind]}<name>` },
    );
  }
  const pascalName = options.name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  const variables = {
    name: options.name,
    pascalName,
    packageName: options.packageName ?? `${DEFAULT_PACKAGE[options.kind]}${options.name}`,
    resourceType: options.resourceType ?? pascalName,
    nxTags: options.nxTags ?? [],
    generatedBy: options.generatedBy,
    sdkVersion: sdkVersion(),
    contractVersion: CONTRACT_VERSION,
    versions: SCAFFOLD_TOOL_VERSIONS,
  };
  // Only the scaffolding commands render templates: the other commands never load ejs.
  const { default: ejs } = await import('ejs');
  const root = templateDir(options.kind);
  const files: ScaffoldFile[] = [];
  for (const file of await listFiles(root)) {
    const template = await readFile(file, 'utf8');
    files.push({
      path: relative(root, file)
        .split(sep)
        .join('/')
        .replace(/\.template$/, ''),
      content: ejs.render(template, variables, {}),
    });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The folder of a kind's templates, shipped in the package. */
export function templateDir(kind: ScaffoldKind): string {
  return fileURLToPath(corePackageFile(`templates/${kind}/`));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The sdk this engine is built against: the version a new package depends on. */
function sdkVersion(): string {
  const manifest = createRequire(import.meta.url)('@kusion/sdk/package.json') as {
    version: string;
  };
  return manifest.version;
}
