/**
 * Runs the installed `kusion` as a user's shell would: its own process, stdin a pipe (never a
 * TTY), NO_COLOR, and a KUSION_HOME of the caller's choosing so no two tests share a backend.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { inject } from 'vitest';
import { childEnv } from './install.ts';
import type { KusionInstall } from './install.ts';

export interface RunOptions {
  /** Where the command runs (the stack folder, usually). */
  readonly cwd: string;
  /** The backend folder: one per scratch project. */
  readonly kusionHome: string;
  /** Added to (or, with `undefined`, removed from) the environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Written to stdin, which is then closed; stdin is a pipe either way. */
  readonly input?: string;
  /** Killed and reported as a failure after this long; default 30 s. */
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly args: readonly string[];
  /** `null` when a signal ended the process. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** stdout parsed as the one JSON document `--json` promises; throws with the output if it is not. */
  // A typed read of the document the test is about to assert on; the assertions check the shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unnecessary-type-parameters
  json<T = any>(): T;
  /** The command and its output, for assertion messages. */
  readonly transcript: string;
}

export interface RunningKusion {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  /** What it has printed so far. */
  output(): { stdout: string; stderr: string };
  /** Settles when the process ends (also after a kill). */
  readonly done: Promise<RunResult>;
}

export function installed(): KusionInstall {
  return inject('kusion');
}

/** Runs `kusion <args>` to completion. */
export async function runKusion(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return spawnKusion(args, options).done;
}

/** Starts `kusion <args>` and returns at once, e.g. to run something beside it or to kill it. */
export function spawnKusion(args: readonly string[], options: RunOptions): RunningKusion {
  const { bin, nodeDir } = installed();
  const env = childEnv(nodeDir);
  env.KUSION_HOME = options.kusionHome;
  env.NO_COLOR = '1';
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) Reflect.deleteProperty(env, key);
    else env[key] = value;
  }
  const started = performance.now();
  const child = spawn(bin, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${bin}`);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined); // the CLI may exit before reading its input
  child.stdin.end(options.input ?? '');

  const timeoutMs = options.timeoutMs ?? 30_000;
  const done = new Promise<RunResult>((resolve, reject) => {
    let hasTimedOut = false;
    const timer = setTimeout(() => {
      hasTimedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      const result = createResult(
        args,
        exitCode,
        signal,
        stdout,
        stderr,
        performance.now() - started,
      );
      if (hasTimedOut) reject(new Error(`timed out after ${timeoutMs} ms\n${result.transcript}`));
      else resolve(result);
    });
  });
  return { child, pid: child.pid, output: () => ({ stdout, stderr }), done };
}

function createResult(
  args: readonly string[],
  exitCode: number | null,
  signal: NodeJS.Signals | null,
  stdout: string,
  stderr: string,
  durationMs: number,
): RunResult {
  const transcript = [
    `$ kusion ${args.join(' ')}`,
    `exit ${exitCode ?? `by ${signal ?? 'signal'}`} after ${Math.round(durationMs)} ms`,
    `--- stdout ---\n${stdout}`,
    `--- stderr ---\n${stderr}`,
  ].join('\n');
  return {
    args,
    exitCode,
    signal,
    stdout,
    stderr,
    durationMs,
    transcript,
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- see RunResult.json
    json<T>(): T {
      try {
        return JSON.parse(stdout) as T;
      } catch (error) {
        throw new Error(
          `stdout is not one JSON document (${(error as Error).message})\n${transcript}`,
        );
      }
    },
  };
}

/** Lines of text, without the empty ones. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}
