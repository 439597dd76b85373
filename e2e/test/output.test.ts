/**
 * What a person sees: a plan that scales (a 1,000-resource preview in about 1,000 lines), a deploy
 * on a terminal with a live counter (run under a real pseudo-terminal with util-linux's `script`),
 * the same deploy piped to a file with no escape sequences, and NO_COLOR / --no-color honoured.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expectExit } from './support/expectations.ts';
import { childEnv } from './support/install.ts';
import { installed } from './support/kusion.ts';
import { createProjectWithWorkspace, independentResources } from './support/project.ts';
import type { ScratchProject } from './support/project.ts';

// eslint-disable-next-line no-control-regex -- escape sequences are what these tests look for
const ESCAPE = /\u001b/;
// eslint-disable-next-line no-control-regex -- colours: SGR sequences that set a foreground colour
const COLOUR = /\u001b\[3\dm/;

function withoutColours(screen: string): string {
  // eslint-disable-next-line no-control-regex -- SGR sequences (colour, bold, dim)
  return screen.replace(/\u001b\[[\d;]*m/g, '');
}

interface TerminalRun {
  readonly exitCode: number | null;
  /** Everything the pseudo-terminal showed, escape sequences included. */
  readonly screen: string;
}

/** Runs kusion on a 120×40 pseudo-terminal (stdin, stdout and stderr are the terminal). */
function runOnTerminal(
  project: ScratchProject,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<TerminalRun> {
  const { bin, nodeDir } = installed();
  const quoted = [bin, ...args].map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
  // Colour unless the case asks otherwise, whatever the shell running the tests says.
  const { NO_COLOR: _noColor, ...inherited } = childEnv(nodeDir);
  const childEnvironment = {
    ...inherited,
    KUSION_HOME: project.kusionHome,
    TERM: 'xterm-256color',
    ...env,
  };
  return new Promise((resolve, reject) => {
    // -e: exit with the command's code; -f: flush as it goes; -q: no "Script started" banner.
    const child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${quoted}`, '/dev/null'], {
      cwd: project.stackDir,
      env: childEnvironment,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      resolve({ exitCode, screen });
    });
  });
}

describe('the plan', () => {
  it('prints a 1,000-resource preview in at most ~1,010 lines', async () => {
    const project = await createProjectWithWorkspace({ resources: independentResources(1000) });
    // The plan itself: details (on by default, as in Kusion) add each resource's fields.
    const result = await project.run(['preview', '--no-detail'], { timeoutMs: 60_000 });
    expectExit(result, 0);
    const lines = result.stdout.trimEnd().split('\n');
    console.log(`[e2e] a 1,000-resource preview: ${lines.length} lines`);
    expect(lines.length).toBeLessThanOrEqual(1010);
    expect(lines.filter((line) => /^ {2}\+ test:r\d+ +Test +\S/.test(line))).toHaveLength(1000);
    expect(result.stdout).toContain(
      'Plan: 1000 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged.',
    );
  }, 90_000);
});

describe('a deploy of 200 resources', () => {
  const resources = independentResources(200);

  it('shows a live counter, the resources in flight and an estimate on a terminal', async () => {
    const project = await createProjectWithWorkspace({ resources, provider: { latencyMs: 60 } });
    const run = await runOnTerminal(project, ['deploy', '--yes']);
    expect(run.exitCode, run.screen).toBe(0);
    const text = withoutColours(run.screen);
    // The live region: the counter with an estimate, and in-flight rows with elapsed time.
    expect(text).toMatch(/\d+\/200 done, about [\d.]+ (ms|s) left · \d+ in flight/);
    expect(text).toMatch(/Create test:r\d+ \d+ ms — applying/);
    // Redrawn in place (cursor movements and line erases), finished lines kept above it.
    // eslint-disable-next-line no-control-regex -- the sequences that redraw the region
    expect(run.screen).toMatch(/\u001b\[\d*[AK]|\u001b\[2K/);
    expect(text).toMatch(/✔ Created test:r\d+ \(\d+ ms\)/);
    expect(text).toContain('Deploy complete: 200 created');
    expect(run.screen).toMatch(COLOUR);
  }, 90_000);

  it('prints plain lines without a single escape sequence when piped to a file', async () => {
    const project = await createProjectWithWorkspace({ resources, provider: { latencyMs: 60 } });
    const result = await project.run(['deploy', '--yes'], { env: { NO_COLOR: undefined } });
    expectExit(result, 0);
    expect(result.stdout + result.stderr).not.toMatch(ESCAPE);
    expect(result.stdout).toMatch(
      /^✔ Created test:r\d+ \(\d+ ms\) \[1\/200 done, about [\d.]+ (ms|s) left\]$/m,
    );
    expect(result.stdout).toMatch(/^✔ Created test:r\d+ \(\d+ ms\) \[200\/200 done\]$/m);
    expect(result.stdout).toContain('Deploy complete: 200 created');
  }, 90_000);

  it.each([
    ['NO_COLOR=1', ['deploy', '--yes'], { NO_COLOR: '1' }],
    ['--no-color', ['deploy', '--yes', '--no-color'], {}],
  ])(
    'uses no colour on a terminal with %s',
    async (_case, args, env) => {
      const project = await createProjectWithWorkspace({
        resources: independentResources(20),
        provider: { latencyMs: 20 },
      });
      const run = await runOnTerminal(project, args, env);
      expect(run.exitCode, run.screen).toBe(0);
      expect(run.screen).toContain('Deploy complete: 20 created');
      expect(run.screen).not.toMatch(COLOUR);
    },
    60_000,
  );
});
