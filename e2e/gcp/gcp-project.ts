/**
 * A user's project for the GCP end-to-end tests: `project.yaml`, `dev/stack.yaml`, `dev/main.yaml`
 * and a workspace naming the gcp provider with the emulator's endpoints. The packed CLI (the
 * repository's build when this suite runs on its own config) runs it in its own process with its
 * own `$KUSION_HOME`.
 */
import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedKusion } from '../test/support/installed-kusion.ts';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(repository, 'packages/cli/bin/run.js');

/** JSON is YAML too. */
const stringify = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The command and its output, for assertion messages. */
  readonly transcript: string;
}

export interface GcpProject {
  readonly dir: string;
  writeResources(resources: readonly Record<string, unknown>[]): Promise<void>;
  run(args: readonly string[]): Promise<CliResult>;
  cleanup(): Promise<void>;
}

export async function assertBuilt(): Promise<void> {
  for (const file of ['packages/cli/dist', 'plugins/provider-gcp/dist/index.js']) {
    await access(join(repository, file)).catch(() => {
      throw new Error(
        `${file} is missing: build first (npx nx run-many -t build -p @kusion/cli @kusion/provider-gcp)`,
      );
    });
  }
}

export async function createGcpProject(options: {
  readonly project: string;
  readonly gcpSettings: Readonly<Record<string, unknown>>;
  /** More top-level workspace keys (`secretStore`). */
  readonly workspace?: Readonly<Record<string, unknown>>;
  /** More environment variables for every command (secrets of the `env` secret store). */
  readonly env?: Readonly<Record<string, string>>;
}): Promise<GcpProject> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-e2e-gcp-'));
  const home = join(dir, '.kusion-home');
  await mkdir(join(dir, 'dev'), { recursive: true });
  await writeFile(join(dir, 'project.yaml'), stringify({ name: options.project }));
  await writeFile(join(dir, 'dev', 'stack.yaml'), stringify({ name: 'dev' }));
  await writeFile(
    join(dir, 'workspace.yaml'),
    stringify({ ...options.workspace, providers: { gcp: options.gcpSettings } }),
  );
  const env = { KUSION_HOME: home, ...options.env };
  const project: GcpProject = {
    dir,
    writeResources: (resources) =>
      writeFile(join(dir, 'dev', 'main.yaml'), stringify({ resources })),
    run: (args) => runCli(args, join(dir, 'dev'), env),
    cleanup: () =>
      process.env.KUSION_E2E_KEEP ? Promise.resolve() : rm(dir, { recursive: true, force: true }),
  };
  const created = await runCli(
    ['workspace', 'create', 'dev', '-f', join(dir, 'workspace.yaml')],
    dir,
    env,
  );
  if (created.code !== 0) throw new Error(created.transcript);
  return project;
}

/** The CLI in its own process: Node 22 (this one), stdin a pipe, no colours, no Google credentials. */
function runCli(
  args: readonly string[],
  cwd: string,
  extra: Readonly<Record<string, string>>,
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(npm_|KUSION_|VITEST|GOOGLE_|CLOUDSDK_)/i.test(key) ||
      ['NODE_OPTIONS', 'NODE_ENV', 'DEBUG', 'FORCE_COLOR'].includes(key)
    )
      continue;
    env[key] = value;
  }
  Object.assign(env, extra, { NO_COLOR: '1' });
  const started = performance.now();
  return new Promise((resolve, reject) => {
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
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const transcript = [
        `$ kusion ${args.join(' ')}`,
        `exit ${String(code)} after ${Math.round(performance.now() - started)} ms`,
        `--- stdout ---\n${stdout}`,
        `--- stderr ---\n${stderr}`,
      ].join('\n');
      resolve({ code, stdout, stderr, transcript });
    });
  });
}

/** Parses `--json` output, failing with the whole transcript when it is not one JSON document. */
// The type is what the test is about to assert on; the assertions check the shape.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function jsonOf<T>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`expected one JSON document on stdout\n${result.transcript}`);
  }
}
