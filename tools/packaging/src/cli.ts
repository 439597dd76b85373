/**
 * From the repository root, through npm scripts (which run on the repository's Node 22):
 *
 *   npm run pack   [-- --out DIR]        tarballs of every public package (default: dist-packages/)
 *   npm run link   [-- --bin-dir DIR]    a `kusion` on PATH running this checkout on Node 22
 *   npm run unlink [-- --bin-dir DIR]    removes it
 *
 * The default --bin-dir is where `npm install -g` puts commands: `$(npm prefix -g)/bin`.
 */
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { linkKusion, unlinkKusion } from './link.ts';
import { packPublicPackages } from './pack.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const USAGE = 'usage: cli.ts pack [--out DIR] | link [--bin-dir DIR] | unlink [--bin-dir DIR]';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, 'bin-dir': { type: 'string' } },
});

try {
  switch (positionals[0] ?? '') {
    case 'pack':
      await pack(values.out ?? join(repoRoot, 'dist-packages'));
      break;
    case 'link':
      await link(values['bin-dir'] ?? defaultBinDir());
      break;
    case 'unlink':
      console.log(
        (await unlinkKusion(values['bin-dir'] ?? defaultBinDir()))
          ? 'Removed the kusion launcher.'
          : 'No kusion launcher to remove.',
      );
      break;
    default:
      console.error(USAGE);
      process.exitCode = 1;
  }
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

async function pack(out: string): Promise<void> {
  const packed = await packPublicPackages({ repoRoot, destination: out });
  const shown = relative(process.cwd(), resolve(out)) || '.';
  console.log(`Packed ${packed.length} packages into ${shown}/:`);
  for (const pkg of packed)
    console.log(
      `  ${relative(resolve(out), pkg.tarball)}  (${pkg.fileCount} files, ${Math.round(pkg.bytes / 1024)} KiB)`,
    );
  console.log(`Install them anywhere (Node ≥ 22): npm install -g ${shown}/*.tgz`);
}

async function link(binDir: string): Promise<void> {
  const { launcher, isOnPath } = await linkKusion({
    repoRoot,
    binDir,
    nodePath: process.execPath,
    nodeVersion: process.version,
  });
  console.log(
    `Wrote ${launcher}: runs this checkout's CLI on Node ${process.version} (${process.execPath}).`,
  );
  if (!isOnPath)
    console.log(`Its folder is not on PATH: add it, e.g. export PATH="${resolve(binDir)}:$PATH"`);
  console.log('Try: kusion --version');
}

/** npm sets npm_config_global_prefix for scripts; outside npm, ask it. */
function defaultBinDir(): string {
  const prefix = process.env.npm_config_global_prefix ?? process.env.npm_config_prefix;
  if (prefix === undefined)
    throw new Error('run this through `npm run link`, or pass --bin-dir DIR');
  return join(prefix, 'bin');
}
