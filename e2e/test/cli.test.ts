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

  it.each([
    [['deploi'], '"deploi" is not a `kusion` command; did you mean `kusion deploy`?'],
    [
      ['previw', '--exit-code'],
      '"previw" is not a `kusion` command; did you mean `kusion preview`?',
    ],
    [
      ['workspace', 'craete', 'dev'],
      '"craete" is not a `kusion workspace` command; did you mean `kusion workspace create`?',
    ],
  ])(
    'answers the mistyped kusion %j with the command meant and exit 1 (never 2), in text and in JSON',
    async (argv, message) => {
      const text = await kusion(argv);
      expect(text.exitCode, text.transcript).toBe(1);
      expect(text.stderr).toBe(
        `Error [UNKNOWN_COMMAND]: ${message}\nHint: \`kusion${argv[0] === 'workspace' ? ' workspace' : ''} --help\` lists the commands\n`,
      );
      expect(text.stdout).toBe('');
      const json = await kusion([...argv, '--json']);
      expect(json.exitCode, json.transcript).toBe(1);
      expect(json.json()).toEqual({
        status: 'error',
        error: { code: 'UNKNOWN_COMMAND', message, hint: expect.any(String) },
        warnings: [],
      });
      expect(json.stderr).toBe('');
      // Never oclif's internal ids (workspace:craete:dev).
      expect(text.stderr + json.stdout).not.toMatch(/\w:\w/);
    },
  );

  it('shows topic help for a topic alone, and help for a command through `kusion help`', async () => {
    const topic = await kusion(['release']);
    expect(topic.exitCode, topic.transcript).toBe(0);
    expect(topic.stdout).toMatch(/^\s+release rollback\s/m);
    const help = await kusion(['help', 'workspace', 'create']);
    expect(help.exitCode, help.transcript).toBe(0);
    expect(help.stdout).toContain('$ kusion workspace create dev -f workspaces/dev.yaml');
  });

  it('prints shell completion for bash and zsh', async () => {
    // The plugin caches completions under $XDG_CACHE_HOME/kusion: keep them in the scratch folder.
    const options = {
      cwd,
      kusionHome: join(cwd, 'kusion-home'),
      env: { XDG_CACHE_HOME: join(cwd, 'cache') },
    };
    for (const shell of ['bash', 'zsh']) {
      const instructions = await runKusion(['autocomplete', shell], options);
      expect(instructions.exitCode, instructions.transcript).toBe(0);
      expect(instructions.stdout).toContain(`kusion autocomplete script ${shell}`);
      const script = await runKusion(['autocomplete', 'script', shell], options);
      expect(script.exitCode, script.transcript).toBe(0);
      expect(script.stdout).toMatch(
        new RegExp(`KUSION_AC_${shell.toUpperCase()}_SETUP_PATH=\\S+ && test -f`),
      );
    }
  });
});

describe('flag and argument errors', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(join(installed().projectsDir, 'usage-'));
  });

  it.each([
    [['workspace', 'create', 'dev'], 'missing required flag -f/--file: Workspace file (YAML)'],
    [['workspace', 'create'], 'missing required argument NAME: Workspace name'],
    [
      ['release', 'show', '--revision', 'abc'],
      'invalid value "abc" for --revision: expected a whole number ≥ 1',
    ],
    [
      ['deploy', '--concurrency', '0'],
      'invalid value "0" for --concurrency: expected a whole number ≥ 1',
    ],
    [
      ['deploy', '--timeout', '5parsecs'],
      'invalid value "5parsecs" for --timeout: expected a duration such as 30s, 5m, 1h, or a number of seconds',
    ],
    [
      ['deploy', '--lock-timeout', '-3'],
      'invalid value "-3" for --lock-timeout: expected a duration such as 30s, 5m, 1h, or a number of seconds, not a negative one',
    ],
    [['deploy', 'extra'], 'unexpected argument "extra": `kusion deploy` takes no arguments'],
  ])(
    'kusion %j says in one line what was wrong and what is expected, exit 1, in text and JSON',
    async (argv, message) => {
      const options = { cwd, kusionHome: join(cwd, 'kusion-home') };
      const text = await runKusion(argv, options);
      expect(text.exitCode, text.transcript).toBe(1);
      const [first, second, ...more] = text.stderr.trimEnd().split('\n');
      expect(first).toBe(`Error [INVALID_ARGUMENT]: ${message}`);
      expect(second).toMatch(/^Hint: see `kusion [a-z ]+ --help`$/);
      expect(more).toEqual([]);
      const json = await runKusion([...argv, '--json'], options);
      expect(json.exitCode, json.transcript).toBe(1);
      expect(json.json()).toEqual({
        status: 'error',
        error: { code: 'INVALID_ARGUMENT', message, hint: expect.stringMatching(/^see `kusion/) },
        warnings: [],
      });
    },
  );
});
