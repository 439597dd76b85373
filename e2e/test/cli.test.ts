/** The installed binary: help lists every command, version reports what was installed. */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installed, runKusion } from './support/kusion.ts';
import type { RunResult } from './support/kusion.ts';

describe('kusion --help and version', () => {
  let cwd: string;
  const kusion = (args: readonly string[]): Promise<RunResult> =>
    runKusion(args, { cwd, kusionHome: join(cwd, 'kusion-home') });

  beforeAll(async () => {
    cwd = await mkdtemp(join(installed().projectsDir, 'cli-'));
  });

  it('is installed from the tarballs as node_modules/.bin/kusion', () => {
    const { bin, installDir, packMs, installMs } = installed();
    expect(bin).toBe(join(installDir, 'node_modules', '.bin', 'kusion'));
    console.log(`[e2e] pack ${Math.round(packMs)} ms + install ${Math.round(installMs)} ms`);
  });

  it('lists every command and topic in --help', async () => {
    const result = await kusion(['--help']);
    expect(result.exitCode, result.transcript).toBe(0);
    for (const command of [
      'init',
      'generate',
      'preview',
      'deploy',
      'apply',
      'destroy',
      'drift',
      'graph',
      'version',
      'workspace',
      'release',
    ]) {
      expect(result.stdout, `--help names ${command}`).toMatch(
        new RegExp(`^\\s+${command}\\s`, 'm'),
      );
    }
  });

  it('lists the workspace commands', async () => {
    const result = await kusion(['workspace', '--help']);
    expect(result.exitCode, result.transcript).toBe(0);
    for (const command of ['create', 'list', 'show', 'update', 'delete', 'switch']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+workspace ${command}\\s`, 'm'));
    }
  });

  it('lists the release commands', async () => {
    const result = await kusion(['release', '--help']);
    expect(result.exitCode, result.transcript).toBe(0);
    for (const command of ['list', 'show', 'rollback', 'unlock']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+release ${command}\\s`, 'm'));
    }
  });

  it('accepts apply as an alias of deploy', async () => {
    const [apply, deploy] = await Promise.all([
      kusion(['apply', '--help']),
      kusion(['deploy', '--help']),
    ]);
    expect(apply.exitCode, apply.transcript).toBe(0);
    expect(apply.stdout).toContain('--yes');
    expect(apply.stdout).toContain('Apply the stack to a workspace');
    expect(deploy.stdout).toContain('Apply the stack to a workspace');
  });

  it('prints versions with version --json', async () => {
    const result = await kusion(['version', '--json']);
    expect(result.exitCode, result.transcript).toBe(0);
    const version = result.json<Record<string, string>>();
    expect(version).toMatchObject({
      cli: '0.1.0',
      core: '0.1.0',
      sdk: '0.1.0',
      node: process.version,
    });
    expect(version.contract).toMatch(/^\d+\.\d+$/);
  });

  it('answers an unknown command with exit 1 and no stack trace', async () => {
    const result = await kusion(['deplyo']);
    expect(result.exitCode, result.transcript).not.toBe(0);
    expect(result.stderr).not.toMatch(/^\s{4}at /m);
  });
});
