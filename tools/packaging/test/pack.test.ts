/** Packs this repository for real: what `npm run pack` and the e2e tests do. */
import { access, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPublicPackages } from '../src/pack.ts';
import type { PackedPackage } from '../src/pack.ts';
import { findPublicPackages } from '../src/workspace-packages.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
let destination: string;
let packed: PackedPackage[];

beforeAll(async () => {
  destination = await mkdtemp(join(tmpdir(), 'kusion-pack-'));
  // A tarball left from an earlier run must not be installed with the new ones.
  await writeFile(join(destination, 'kusion-cli-0.0.1.tgz'), 'stale');
  packed = await packPublicPackages({ repoRoot, destination });
});
afterAll(async () => {
  await rm(destination, { recursive: true, force: true });
});

describe('packPublicPackages', () => {
  it('packs every package that is not private, the internal backend-kit included', async () => {
    const names = packed.map((pkg) => pkg.name).sort();
    expect(names).toEqual(
      (await findPublicPackages(repoRoot)).map((pkg) => pkg.manifest.name).sort(),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        '@kusion/sdk',
        '@kusion/backend-kit',
        '@kusion/core',
        '@kusion/cli',
        '@kusion/testkit',
      ]),
    );
    expect(names).not.toContain('@kusion/test-peers');
  });

  it('writes one tarball per package into the destination, and nothing else', async () => {
    for (const pkg of packed) await access(pkg.tarball);
    expect((await readdir(destination)).sort()).toEqual(
      packed.map((pkg) => pkg.tarball.slice(destination.length + 1)).sort(),
    );
  });
});
