/**
 * What every published tarball must hold, checked on the list of files `npm pack` reports: a
 * README, the repository's LICENSE, `repository` and `types` in package.json, source maps whose
 * sources are in the tarball, and no dependency a user could not install (a private package).
 */
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { PackageManifest } from './workspace-packages.ts';

export interface PackedFiles {
  /** Folder relative to the repository root, e.g. `packages/cli`. */
  readonly dir: string;
  /** Absolute folder the files are read from. */
  readonly absoluteDir: string;
  readonly manifest: PackageManifest;
  /** Paths inside the tarball, relative to its package folder (`dist/index.js`). */
  readonly files: readonly string[];
}

export interface RepositoryFacts {
  readonly licenseText: string;
  /** The root package.json's `repository.url`. */
  readonly repositoryUrl: string;
  /** Names of the packages that are packed too; any other `@kusion/*` dependency is unpublished. */
  readonly publicNames: ReadonlySet<string>;
}

/** Every problem of one packed package; empty when it is fit to publish. */
export async function checkPackedPackage(
  packed: PackedFiles,
  facts: RepositoryFacts,
): Promise<string[]> {
  const { manifest } = packed;
  const files = new Set(packed.files);
  const problems: string[] = [];

  if (!files.has('README.md')) problems.push('ships no README.md');
  if (!files.has('LICENSE')) problems.push('ships no LICENSE');
  else if ((await readFile(join(packed.absoluteDir, 'LICENSE'), 'utf8')) !== facts.licenseText) {
    problems.push("its LICENSE differs from the repository's");
  }
  if (manifest.license !== 'Apache-2.0')
    problems.push(`"license" is ${JSON.stringify(manifest.license)}, not "Apache-2.0"`);
  if (
    manifest.repository?.url !== facts.repositoryUrl ||
    manifest.repository.directory !== packed.dir
  ) {
    problems.push(
      `"repository" must be { "type": "git", "url": ${JSON.stringify(facts.repositoryUrl)}, "directory": ${JSON.stringify(packed.dir)} }`,
    );
  }
  if (manifest.engines?.node === undefined) problems.push('"engines.node" is not set');
  problems.push(...checkTypes(manifest, files));
  problems.push(...checkDependencies(manifest, facts.publicNames));
  problems.push(...(await checkSourceMaps(packed, files)));
  return problems;
}

/** A package with a main entry point (`exports["."]`) names its declarations in `types`. */
function checkTypes(manifest: PackageManifest, files: ReadonlySet<string>): string[] {
  const hasEntryPoint = manifest.exports?.['.'] !== undefined;
  if (!hasEntryPoint) return [];
  if (manifest.types === undefined) return ['has an entry point but no "types"'];
  const typesFile = posix.normalize(manifest.types);
  return files.has(typesFile)
    ? []
    : [`"types" names ${manifest.types}, which is not in the tarball`];
}

function checkDependencies(manifest: PackageManifest, publicNames: ReadonlySet<string>): string[] {
  const required = { ...manifest.dependencies, ...manifest.peerDependencies };
  return Object.keys(required)
    .filter((name) => name.startsWith('@kusion/') && !publicNames.has(name))
    .filter((name) => manifest.peerDependenciesMeta?.[name]?.optional !== true)
    .map((name) => `depends on ${name}, which is not published`);
}

/** Source maps must point at files that are in the tarball (or carry their sources inline). */
async function checkSourceMaps(packed: PackedFiles, files: ReadonlySet<string>): Promise<string[]> {
  const problems: string[] = [];
  for (const file of packed.files) {
    if (file.endsWith('.map')) {
      problems.push(...(await checkMap(packed.absoluteDir, file, files)));
    } else if (/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file)) {
      const reference = lastSourceMappingUrl(
        await readFile(join(packed.absoluteDir, file), 'utf8'),
      );
      if (reference !== undefined && !reference.startsWith('data:')) {
        const target = posix.join(posix.dirname(file), reference);
        if (!files.has(target))
          problems.push(`${file} points at ${target}, which is not in the tarball`);
      }
    }
  }
  return problems;
}

async function checkMap(
  absoluteDir: string,
  file: string,
  files: ReadonlySet<string>,
): Promise<string[]> {
  let map: { sources?: unknown; sourcesContent?: unknown; sourceRoot?: unknown };
  try {
    map = JSON.parse(await readFile(join(absoluteDir, file), 'utf8')) as typeof map;
  } catch (error) {
    return [`${file} is not JSON: ${(error as Error).message}`];
  }
  const sources = Array.isArray(map.sources) ? (map.sources as unknown[]) : [];
  const contents = Array.isArray(map.sourcesContent) ? (map.sourcesContent as unknown[]) : [];
  const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
  const missing = sources.filter((source, index) => {
    if (typeof contents[index] === 'string') return false;
    if (typeof source !== 'string') return true;
    return !files.has(posix.join(posix.dirname(file), root, source));
  });
  return missing.length
    ? [`${file} names sources that are not in the tarball: ${missing.map(String).join(', ')}`]
    : [];
}

function lastSourceMappingUrl(text: string): string | undefined {
  const matches = [...text.matchAll(/^\/\/# sourceMappingURL=(\S+)\s*$/gm)];
  return matches.at(-1)?.[1];
}
