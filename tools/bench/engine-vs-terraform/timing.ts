// Wall-clock timing of whole processes, start-up included: that is what a user waits for.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const STEPS = ['plan', 'apply', 'destroy'] as const;
export type Step = (typeof STEPS)[number];
/** Seconds per step, for one tool on one graph. */
export type StepTimes = Readonly<Record<Step, number>>;

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Output goes to `<logPrefix>.out` / `.err` rather than a pipe, so the parent does no work while timing and a failure leaves its logs behind. */
  readonly logPrefix: string;
  /** Names the run in progress lines and errors, e.g. `chain N=1000 terraform apply`. */
  readonly label: string;
}

export interface TimedRun {
  readonly seconds: number;
  readonly stdout: string;
}

const HEARTBEAT_MS = 15_000;

/** Progress goes to stderr so that stdout holds only the report (or the JSON). */
export function progress(message: string): void {
  console.error(message);
}

/** Runs and times a measured step, telling a watching human it is alive. */
export async function runTimed(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<TimedRun> {
  progress(`  ${options.label} ...`);
  const started = performance.now();
  const heartbeat = setInterval(() => {
    const elapsed = Math.round((performance.now() - started) / 1000);
    progress(`    ... ${options.label} still running (${elapsed} s)`);
  }, HEARTBEAT_MS);
  try {
    const run = await execute(command, args, options);
    progress(`  ${options.label}: ${run.seconds.toFixed(2)} s`);
    return run;
  } finally {
    clearInterval(heartbeat);
  }
}

/** Output of an untimed helper command (set-up, versions, state listings). */
export async function runQuiet(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<string> {
  return (await execute(command, args, options)).stdout;
}

/** Rejects, naming the logs, when the command cannot start or exits non-zero. */
async function execute(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<TimedRun> {
  const outPath = `${options.logPrefix}.out`;
  const errPath = `${options.logPrefix}.err`;
  const out = openSync(outPath, 'w');
  const err = openSync(errPath, 'w');
  try {
    const started = performance.now();
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', out, err],
      });
      child.once('error', reject);
      child.once('close', resolve);
    });
    const seconds = (performance.now() - started) / 1000;
    if (exitCode !== 0) {
      const tail = readFileSync(errPath, 'utf8').trim().split('\n').slice(-15).join('\n');
      throw new Error(
        `${options.label} exited with ${String(exitCode)} (logs: ${outPath}, ${errPath})\n${tail}`,
      );
    }
    return { seconds, stdout: readFileSync(outPath, 'utf8') };
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle];
  const lower = sorted.length % 2 === 0 ? sorted[middle - 1] : upper;
  if (upper === undefined || lower === undefined) throw new Error('median of no values');
  return (lower + upper) / 2;
}

/** Median of each step over repeated runs. */
export function medianTimes(runs: readonly StepTimes[]): StepTimes {
  return {
    plan: median(runs.map((run) => run.plan)),
    apply: median(runs.map((run) => run.apply)),
    destroy: median(runs.map((run) => run.destroy)),
  };
}

/** Fails the benchmark: a run that did not do the work must never be reported as fast. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${message}`);
}
