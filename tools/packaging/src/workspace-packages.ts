/**
 * The packages of this repository a user installs: every npm workspace not marked `private`.
 * Read from the root package.json, so a new package is packed without touching this tool.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a package.json the packaging tools read. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly repository?: {
    readonly type?: string;
    readonly url?: string;
    readonly directory?: string;
  };
  readonly types?: string;
  readonly exports?: Readonly<Record<string, unknown>>;
  readonly engines?: Readonly<Record<string, string>>;
  readonly bin?: string | Readonly<Record<string, string>>;
  readonly workspaces?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

export interface WorkspacePackage {
  /** Folder relative to the repository root, e.g. `packages/cli`. */
  readonly dir: string;
  readonly manifest: PackageManifest;
}

export async function readManifest(packageDir: string): Promise<PackageManifest> {
  return JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as PackageManifest;
}

/** Every workspace package, public or not, in the order of the root's `workspaces` patterns. */
export async function findWorkspacePackages(repoRoot: string): Promise<WorkspacePackage[]> {
  const root = await readManifest(repoRoot);
  const packages: WorkspacePackage[] = [];
  for (const pattern of root.workspaces ?? []) {
    for (const dir of await expandPattern(repoRoot, pattern)) {
      const manifest = await readManifest(join(repoRoot, dir)).catch(() => undefined);
      // A folder without package.json (tools/demo) is not a package.
      if (manifest) packages.push({ dir, manifest });
    }
  }
  return packages;
}

/** The packages `npm run pack` writes a tarball for. */
export async function findPublicPackages(repoRoot: string): Promise<WorkspacePackage[]> {
  return (await findWorkspacePackages(repoRoot)).filter((pkg) => pkg.manifest.private !== true);
}

/** `packages/*` → its sub-folders; a plain folder name → itself. Nothing fancier is used here. */
async function expandPattern(repoRoot: string, pattern: string): Promise<string[]> {
  if (!pattern.includes('*')) return [pattern];
  if (!pattern.endsWith('/*') || pattern.slice(0, -2).includes('*')) {
    throw new Error(`workspace pattern ${JSON.stringify(pattern)} is not of the form "folder/*"`);
  }
  const parent = pattern.slice(0, -2);
  const entries = await readdir(join(repoRoot, parent), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${parent}/${entry.name}`)
    .sort();
}
