/**
 * Runs the built `kusion` CLI as a user does, in a project folder with its own `$KUSION_HOME`
 * whose config.yaml names an s3 backend on moto, and the testkit provider for resources.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedKusion } from '../test/support/installed-kusion.ts';

/** JSON is YAML too: config.yaml, workspace and stack files are written as JSON. */
const stringify = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const repository = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(repository, 'packages/cli/bin/run.js');

/** The CLI loads the backend from its installed `dist`, as it would from npm. */
export async function assertBuilt(): Promise<void> {
  for (const file of [
    'packages/cli/dist',
    'plugins/backend-s3/dist/index.js',
    'plugins/keys-aws-kms/dist/index.js',
    'packages/testkit/dist/index.js',
  ]) {
    try {
      await access(join(repository, file));
    } catch {
      throw new Error(
        `${file} is missing: build first (npx nx run-many -t build -p @kusion/sdk @kusion/core @kusion/testkit @kusion/cli @kusion/backend-s3 @kusion/keys-aws-kms)`,
      );
    }
  }
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly child: ChildProcess;
  readonly result: Promise<CliResult>;
  /** Resolves once stdout or stderr has printed text matching `pattern`. */
  output(pattern: RegExp): Promise<void>;
}

export interface Project {
  readonly dir: string;
  readonly home: string;
  readonly cloud: string;
  /** `dev/main.yaml`: the resources of the stack. */
  writeResources(resources: readonly Record<string, unknown>[]): Promise<void>;
  writeConfig(config: Record<string, unknown>): Promise<void>;
  /** The workspace file for `workspace create dev -f`. */
  readonly workspaceFile: string;
  /** Rewrites the workspace file with this provider latency (then `workspace update` it). */
  writeWorkspaceFile(latencyMs: number): Promise<void>;
  start(args: readonly string[], env?: Record<string, string>): Running;
  run(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
  cleanup(): Promise<void>;
}

export async function createProject(options: {
  readonly motoEnv: Readonly<Record<string, string>>;
  readonly backends: Record<string, unknown>;
  readonly latencyMs: number;
}): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-e2e-s3-'));
  const home = join(dir, '.kusion-home');
  const cloud = join(dir, '.cloud');
  const stack = join(dir, 'dev');
  await mkdir(home, { recursive: true });
  await mkdir(stack, { recursive: true });
  await writeFile(join(dir, 'project.yaml'), 'name: shop\n');
  await writeFile(join(stack, 'stack.yaml'), 'name: dev\n');
  await writeFile(join(stack, 'main.yaml'), 'resources: []\n');
  const workspaceFile = join(dir, 'workspace.yaml');
  const writeWorkspaceFile = (latencyMs: number) =>
    writeFile(
      workspaceFile,
      stringify({ providers: { test: { package: '@kusion/testkit', dir: cloud, latencyMs } } }),
    );
  await writeWorkspaceFile(options.latencyMs);
  const writeConfig = (config: Record<string, unknown>) =>
    writeFile(join(home, 'config.yaml'), stringify(config));
  await writeConfig({ backends: options.backends });

  const start = (args: readonly string[], env: Record<string, string> = {}): Running => {
    // Only the moto endpoint and test credentials: never whatever AWS settings the machine has.
    const child = spawn(process.execPath, [installedKusion(CLI), ...args], {
      cwd: stack,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        ...options.motoEnv,
        KUSION_HOME: home,
        NO_COLOR: '1',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    const listeners = new Set<() => void>();
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const listener of listeners) listener();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const listener of listeners) listener();
    });
    const result = new Promise<CliResult>((resolve) => {
      child.on('close', (code) => {
        resolve({ code, stdout, stderr });
      });
    });
    return {
      child,
      result,
      output: (pattern) =>
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (pattern.test(stdout) || pattern.test(stderr)) {
              listeners.delete(check);
              resolve();
            }
          };
          listeners.add(check);
          result.then(() => {
            reject(
              new Error(`the CLI ended without printing ${String(pattern)}:\n${stdout}\n${stderr}`),
            );
          }, reject);
          check();
        }),
    };
  };
  return {
    dir,
    home,
    cloud,
    workspaceFile,
    writeWorkspaceFile,
    writeConfig,
    writeResources: (resources) => writeFile(join(stack, 'main.yaml'), stringify({ resources })),
    start,
    run: (args, env) => start(args, env).result,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
