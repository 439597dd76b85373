/** The launcher `npm run link` writes runs the CLI on Node 22 even when an older Node comes first on PATH. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launcherScript, linkKusion, unlinkKusion } from '../src/link.ts';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
let binDir: string;
let fakeNodeDir: string;

beforeEach(async () => {
  binDir = await mkdtemp(join(tmpdir(), 'kusion-link-'));
  // An old `node` first on PATH, as on a machine whose system Node is 20.
  fakeNodeDir = await mkdtemp(join(tmpdir(), 'kusion-old-node-'));
  await writeFile(
    join(fakeNodeDir, 'node'),
    '#!/bin/sh\necho "v20.0.0 is too old" >&2\nexit 99\n',
    { mode: 0o755 },
  );
});
afterEach(async () => {
  await rm(binDir, { recursive: true, force: true });
  await rm(fakeNodeDir, { recursive: true, force: true });
});

describe('linkKusion', () => {
  it('writes a kusion that runs the checkout on the Node that linked it, whatever node PATH finds first', async () => {
    const { launcher } = await linkKusion({
      repoRoot,
      binDir,
      nodePath: process.execPath,
      nodeVersion: process.version,
    });
    expect(launcher).toBe(join(binDir, 'kusion'));
    const { stdout } = await run(launcher, ['--version'], {
      env: { ...process.env, PATH: `${fakeNodeDir}:${binDir}:/usr/bin:/bin` },
    });
    expect(stdout).toContain(`node-${process.version}`);
    expect(stdout).toContain('@kusion/cli/');
  });

  it('refuses a Node older than 22', async () => {
    await expect(
      linkKusion({ repoRoot, binDir, nodePath: '/usr/bin/node', nodeVersion: 'v20.20.2' }),
    ).rejects.toThrow(/needs Node ≥ 22, and \/usr\/bin\/node is v20\.20\.2/);
  });

  it('never overwrites or removes a kusion it did not write', async () => {
    await writeFile(join(binDir, 'kusion'), '#!/bin/sh\necho other\n');
    await expect(
      linkKusion({ repoRoot, binDir, nodePath: process.execPath, nodeVersion: process.version }),
    ).rejects.toThrow(/was not written by `npm run link`/);
    await expect(unlinkKusion(binDir)).rejects.toThrow(/left in place/);
    expect(await readFile(join(binDir, 'kusion'), 'utf8')).toContain('echo other');
  });

  it('replaces its own launcher, and unlink removes it', async () => {
    await linkKusion({
      repoRoot,
      binDir,
      nodePath: process.execPath,
      nodeVersion: process.version,
    });
    await linkKusion({
      repoRoot,
      binDir,
      nodePath: process.execPath,
      nodeVersion: process.version,
    });
    expect(await unlinkKusion(binDir)).toBe(true);
    expect(await unlinkKusion(binDir)).toBe(false);
  });

  it('quotes paths for the shell', async () => {
    const odd = join(binDir, "it's here");
    await symlink(process.execPath, odd);
    const script = launcherScript(odd, '/repo/packages/cli/bin/run.js', '/repo');
    expect(script).toContain(`exec '${binDir}/it'\\''s here' '/repo/packages/cli/bin/run.js' "$@"`);
    await writeFile(join(binDir, 'probe'), script.replace('/repo/packages/cli/bin/run.js', '-p'), {
      mode: 0o755,
    });
    const { stdout } = await run(join(binDir, 'probe'), ['process.version']);
    expect(stdout.trim()).toBe(process.version);
  });
});
