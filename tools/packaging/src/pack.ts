/**
 * `npm run pack`: one installable tarball per public package, checked before anyone installs it.
 * The e2e tests install the same tarballs, so what they test is what a user gets.
 */
import { access, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runCommand } from './run-command.ts';
import { checkPackedPackage } from './package-checks.ts';
import { findPublicPackages, readManifest } from './workspace-packages.ts';
import type { WorkspacePackage } from './workspace-packages.ts';

export interface PackOptions {
  readonly repoRoot: string;
  /** Emptied of earlier tarballs first; created when missing. */
  readonly destination: string;
  /** The environment npm runs in (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  /** Folder relative to the repository root. */
  readonly dir: string;
  /** Absolute path of the tarball. */
  readonly tarball: string;
  readonly fileCount: number;
  readonly bytes: number;
}

/** What `npm pack --json` reports of one package. */
interface NpmPackReport {
  readonly filename: string;
  readonly size: number;
  readonly files: readonly { readonly path: string }[];
}

export class PackError extends Error {
  override readonly name = 'PackError';
}

/** Packs every public package into `destination` and checks each tarball; throws naming every problem. */
export async function packPublicPackages(options: PackOptions): Promise<PackedPackage[]> {
  const repoRoot = resolve(options.repoRoot);
  const destination = resolve(options.destination);
  const packages = await findPublicPackages(repoRoot);
  await assertBuilt(repoRoot, packages);
  await mkdir(destination, { recursive: true });
  await removeTarballs(destination);

  const root = await readManifest(repoRoot);
  const facts = {
    licenseText: await readFile(join(repoRoot, 'LICENSE'), 'utf8'),
    repositoryUrl: root.repository?.url ?? '',
    publicNames: new Set(packages.map((pkg) => pkg.manifest.name)),
  };
  const packed: PackedPackage[] = [];
  const problems: string[] = [];
  // One at a time: npm pack is quick, and parallel npm processes fight over its cache on 2 cores.
  for (const pkg of packages) {
    const absoluteDir = join(repoRoot, pkg.dir);
    const report = await npmPack(absoluteDir, destination, options.env ?? process.env);
    const files = report.files.map((file) => file.path);
    for (const problem of await checkPackedPackage(
      { dir: pkg.dir, absoluteDir, manifest: pkg.manifest, files },
      facts,
    )) {
      problems.push(`${pkg.manifest.name} (${pkg.dir}): ${problem}`);
    }
    packed.push({
      name: pkg.manifest.name,
      version: pkg.manifest.version,
      dir: pkg.dir,
      tarball: join(destination, tarballName(report.filename)),
      fileCount: files.length,
      bytes: report.size,
    });
  }
  if (problems.length)
    throw new PackError(`the tarballs are not fit to install:\n  ${problems.join('\n  ')}`);
  return packed;
}

async function npmPack(
  packageDir: string,
  destination: string,
  env: NodeJS.ProcessEnv,
): Promise<NpmPackReport> {
  const { stdout } = await runCommand(
    'npm',
    ['pack', '--json', '--loglevel=error', '--pack-destination', destination],
    {
      cwd: packageDir,
      env,
    },
  );
  const [report] = JSON.parse(stdout) as NpmPackReport[];
  if (!report) throw new PackError(`npm pack in ${packageDir} reported no tarball: ${stdout}`);
  return report;
}

/** npm reports `@kusion/cli-0.1.0.tgz` for the file it writes as `kusion-cli-0.1.0.tgz`. */
function tarballName(reported: string): string {
  return reported.replace(/^@/, '').replace('/', '-');
}

async function assertBuilt(repoRoot: string, packages: readonly WorkspacePackage[]): Promise<void> {
  const unbuilt: string[] = [];
  for (const pkg of packages) {
    const isBuilt = await access(join(repoRoot, pkg.dir, 'dist')).then(
      () => true,
      () => false,
    );
    if (!isBuilt) unbuilt.push(pkg.dir);
  }
  if (unbuilt.length) {
    throw new PackError(
      `not built: ${unbuilt.join(', ')}; run \`npm run build\` first (\`npm run pack\` does)`,
    );
  }
}

async function removeTarballs(destination: string): Promise<void> {
  for (const name of await readdir(destination)) {
    if (name.endsWith('.tgz')) await rm(join(destination, name));
  }
}
