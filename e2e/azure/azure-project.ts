/**
 * A user's project for the Azure end-to-end tests: `project.yaml`, `dev/stack.yaml`,
 * `dev/main.yaml`, a workspace file and optionally `$KUSION_HOME/config.yaml`. The built CLI runs
 * in its own process with its own `$KUSION_HOME`, asynchronously, so the ARM emulator in this
 * process keeps answering. Credentials reach it as they reach a user's CI: `AZURE_*` variables.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedKusion } from '../test/support/installed-kusion.ts';

const repository = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(repository, 'packages/cli/bin/run.js');

/** JSON is YAML too. */
const stringify = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export interface CliResult {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The command and its output, for assertion messages. */
  readonly transcript: string;
}

export interface Running {
  readonly child: ChildProcess;
  readonly result: Promise<CliResult>;
}

export interface AzureProject {
  readonly dir: string;
  writeResources(resources: readonly Record<string, unknown>[]): Promise<void>;
  start(args: readonly string[]): Running;
  run(args: readonly string[]): Promise<CliResult>;
  cleanup(): Promise<void>;
}

export async function assertBuilt(): Promise<void> {
  for (const file of [
    'packages/cli/dist',
    'plugins/provider-azure/dist/index.js',
    'plugins/backend-azure-blob/dist/index.js',
    'packages/testkit/dist/index.js',
  ]) {
    await access(join(repository, file)).catch(() => {
      throw new Error(
        `${file} is missing: build first (npx nx run-many -t build -p @kusion/cli @kusion/testkit @kusion/provider-azure @kusion/backend-azure-blob)`,
      );
    });
  }
}

export async function createAzureProject(options: {
  readonly project: string;
  /** The workspace file's content. */
  readonly workspace: Record<string, unknown>;
  /** `$KUSION_HOME/config.yaml`, if any. */
  readonly config?: Record<string, unknown>;
  /** The environment of every run (credentials, connection strings). */
  readonly env: Readonly<Record<string, string>>;
}): Promise<AzureProject> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-e2e-azure-'));
  const home = join(dir, '.kusion-home');
  await mkdir(join(dir, 'dev'), { recursive: true });
  await mkdir(home, { recursive: true });
  await writeFile(join(dir, 'project.yaml'), stringify({ name: options.project }));
  await writeFile(join(dir, 'dev', 'stack.yaml'), stringify({ name: 'dev' }));
  await writeFile(join(dir, 'dev', 'main.yaml'), stringify({ resources: [] }));
  await writeFile(join(dir, 'workspace.yaml'), stringify(options.workspace));
  if (options.config) await writeFile(join(home, 'config.yaml'), stringify(options.config));
  const env = { ...options.env, KUSION_HOME: home };
  const start = (args: readonly string[], cwd = join(dir, 'dev')): Running =>
    runCli(args, cwd, env);
  const created = await start(
    ['workspace', 'create', 'dev', '-f', join(dir, 'workspace.yaml')],
    dir,
  ).result;
  if (created.code !== 0) throw new Error(created.transcript);
  return {
    dir,
    writeResources: (resources) =>
      writeFile(join(dir, 'dev', 'main.yaml'), stringify({ resources })),
    start: (args) => start(args),
    run: (args) => start(args).result,
    cleanup: () =>
      process.env.KUSION_E2E_KEEP ? Promise.resolve() : rm(dir, { recursive: true, force: true }),
  };
}

/** The CLI in its own process: Node 22 (this one), stdin a pipe, no colours, nothing of vitest's. */
function runCli(
  args: readonly string[],
  cwd: string,
  extra: Readonly<Record<string, string>>,
): Running {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(npm_|KUSION_|VITEST|AZURE_)/i.test(key) ||
      ['NODE_OPTIONS', 'NODE_ENV', 'DEBUG', 'FORCE_COLOR'].includes(key)
    )
      continue;
    env[key] = value;
  }
  Object.assign(env, extra, { NO_COLOR: '1' });
  const child = spawn(process.execPath, [installedKusion(CLI), ...args], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const transcript = [
        `$ kusion ${args.join(' ')}`,
        `exit ${String(code)}`,
        `--- stdout ---\n${stdout}`,
        `--- stderr ---\n${stderr}`,
      ].join('\n');
      resolve({ args, code, stdout, stderr, transcript });
    });
  });
  return { child, result };
}

/** Parses `--json` output, failing with the whole transcript when it is not one JSON document. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function jsonOf<T>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`expected one JSON document on stdout\n${result.transcript}`);
  }
}
