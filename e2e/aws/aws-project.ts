/**
 * A user's project for the AWS end-to-end tests: `project.yaml`, `dev/stack.yaml`, `dev/main.yaml`
 * and a workspace file naming the aws provider (endpoint: moto or the interposer in front of it)
 * and the testkit provider. The built CLI (`packages/cli/bin/run.js`) runs it in its own process
 * with its own `$KUSION_HOME`, asynchronously, so an interposer in this process keeps answering.
 */
import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
  readonly durationMs: number;
  /** The command and its output, for assertion messages. */
  readonly transcript: string;
}

export interface AwsProject {
  readonly dir: string;
  readonly home: string;
  /** The testkit provider's cloud folder. */
  readonly cloud: string;
  writeResources(resources: readonly Record<string, unknown>[]): Promise<void>;
  /** A Test resource as the testkit provider stored it. */
  readTestResource(id: string): Promise<Record<string, unknown>>;
  run(args: readonly string[]): Promise<CliResult>;
  cleanup(): Promise<void>;
}

export async function assertBuilt(): Promise<void> {
  for (const file of [
    'packages/cli/dist',
    'plugins/provider-aws/dist/index.js',
    'packages/testkit/dist/index.js',
  ]) {
    await access(join(repository, file)).catch(() => {
      throw new Error(
        `${file} is missing: build first (npx nx run-many -t build -p @kusion/sdk @kusion/core @kusion/testkit @kusion/cli @kusion/provider-aws)`,
      );
    });
  }
}

export async function createAwsProject(options: {
  readonly project: string;
  readonly endpoint: string;
  readonly motoEnv: Readonly<Record<string, string>>;
  /** More `providers.aws` settings. */
  readonly awsSettings?: Readonly<Record<string, unknown>>;
  /** More top-level workspace keys (`secretStore`, `context`). */
  readonly workspace?: Readonly<Record<string, unknown>>;
}): Promise<AwsProject> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-e2e-aws-'));
  const home = join(dir, '.kusion-home');
  const cloud = join(dir, 'test-cloud');
  await mkdir(join(dir, 'dev'), { recursive: true });
  await writeFile(join(dir, 'project.yaml'), stringify({ name: options.project }));
  await writeFile(join(dir, 'dev', 'stack.yaml'), stringify({ name: 'dev' }));
  await writeFile(
    join(dir, 'workspace.yaml'),
    stringify({
      ...options.workspace,
      providers: {
        aws: { region: 'us-east-1', endpoint: options.endpoint, ...options.awsSettings },
        test: { package: '@kusion/testkit', dir: cloud },
      },
    }),
  );

  const project: AwsProject = {
    dir,
    home,
    cloud,
    writeResources: (resources) =>
      writeFile(join(dir, 'dev', 'main.yaml'), stringify({ resources })),
    async readTestResource(id) {
      return JSON.parse(
        await readFile(join(cloud, `${encodeURIComponent(id)}.json`), 'utf8'),
      ) as Record<string, unknown>;
    },
    run: (args) => runCli(args, join(dir, 'dev'), { ...options.motoEnv, KUSION_HOME: home }),
    cleanup: () =>
      process.env.KUSION_E2E_KEEP ? Promise.resolve() : rm(dir, { recursive: true, force: true }),
  };
  const created = await runCli(
    ['workspace', 'create', 'dev', '-f', join(dir, 'workspace.yaml')],
    dir,
    { ...options.motoEnv, KUSION_HOME: home },
  );
  if (created.code !== 0) throw new Error(created.transcript);
  return project;
}

/** The CLI in its own process: Node 22 (this one), stdin a pipe, no colours, nothing of vitest's. */
function runCli(
  args: readonly string[],
  cwd: string,
  extra: Readonly<Record<string, string>>,
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(npm_|KUSION_|VITEST|AWS_)/i.test(key) ||
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
      const durationMs = performance.now() - started;
      const transcript = [
        `$ kusion ${args.join(' ')}`,
        `exit ${String(code)} after ${Math.round(durationMs)} ms`,
        `--- stdout ---\n${stdout}`,
        `--- stderr ---\n${stderr}`,
      ].join('\n');
      resolve({ args, code, stdout, stderr, durationMs, transcript });
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
