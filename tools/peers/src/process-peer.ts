import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { onProcessEnd } from './cleanup.ts';

/** A process a peer consists of, as recorded for stopping it later (possibly from another process). */
export interface PeerProcess {
  readonly name: string;
  readonly pid: number;
  /**
   * The process start time from `/proc/PID/stat` (clock ticks since boot), so that a later stop by
   * pid does not hit an unrelated process that reused the pid. Absent where `/proc` is not.
   */
  readonly startTime?: string;
}

export interface StartProcessOptions {
  /** Short name used in messages, e.g. `etcd`. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** stdout and stderr both go here (the file is truncated first). */
  readonly logFile: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run as this user and group (a server that refuses to run as root, such as PostgreSQL). */
  readonly uid?: number;
  readonly gid?: number;
  /** Readiness probe, polled every 100 ms; a throw counts as "not ready yet". */
  readonly isReady: () => Promise<boolean>;
  /** Default 60 s. */
  readonly readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. Default 5 s. */
  readonly stopTimeoutMs?: number;
  /**
   * Run the process in its own session, not holding this Node process's event loop open, so that
   * after `release()` it can outlive this process (the CLI's `start`). Until then it is killed like
   * any other when this process ends, so an interrupted start leaves nothing behind. Default false:
   * the process shares our process group (a terminal's Ctrl-C reaches it).
   */
  readonly detached?: boolean;
}

export interface ProcessPeer extends PeerProcess {
  readonly logFile: string;
  /** True once the process has exited (for whatever reason). */
  hasExited(): boolean;
  /** SIGTERM to the process's own pid, SIGKILL after the stop timeout, resolves once it is gone. Idempotent. */
  stop(): Promise<void>;
  /**
   * Until this is called, the process is SIGKILLed if this Node process exits or dies of SIGINT,
   * SIGTERM or SIGHUP. After it, the process is left running (for `detached` peers).
   */
  release(): void;
}

const LOG_TAIL_LINES = 40;
const POLL_INTERVAL_MS = 100;

/**
 * Starts `command` with its output in `logFile` and resolves once `isReady()` passes. If the process
 * exits first, or the probe does not pass in time, the process is stopped and the returned promise
 * rejects with an Error that quotes the last lines of the log.
 */
export async function startProcessPeer(options: StartProcessOptions): Promise<ProcessPeer> {
  const { name, logFile } = options;
  const isDetached = options.detached ?? false;
  const logFd = openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', logFd, logFd],
      detached: isDetached,
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      ...(options.gid === undefined ? {} : { gid: options.gid }),
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => {
        reject(
          new Error(`${name}: cannot start ${options.command}: ${error.message}`, { cause: error }),
        );
      });
    });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: ${options.command} started without a pid`);

  // Never leave an orphan: SIGKILL the child if this Node process ends while it runs.
  const forget = onProcessEnd(() => child.kill('SIGKILL'));
  if (isDetached) child.unref();
  let exitDescription: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitDescription = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
      forget();
      resolve();
    });
  });

  const startTime = readProcessStartTime(pid);
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  let stopping: Promise<void> | undefined;
  const peer: ProcessPeer = {
    name,
    pid,
    ...(startTime === undefined ? {} : { startTime }),
    logFile,
    hasExited: () => exitDescription !== undefined,
    stop: () => {
      stopping ??= stopChild(child, exited, stopTimeoutMs, name);
      return stopping;
    },
    release: forget,
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exitDescription !== undefined) {
      throw new Error(
        `${name} (pid ${pid}) exited with ${exitDescription} before it was ready.\n${await describeLog(logFile)}`,
      );
    }
    if (await probe(options.isReady)) return peer;
    if (Date.now() >= deadline) {
      await peer.stop();
      throw new Error(
        `${name} (pid ${pid}) was not ready within ${readyTimeoutMs / 1000} s and was stopped.\n${await describeLog(logFile)}`,
      );
    }
    await Promise.race([sleep(POLL_INTERVAL_MS), exited]);
  }
}

async function probe(isReady: () => Promise<boolean>): Promise<boolean> {
  try {
    return await isReady();
  } catch {
    return false;
  }
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<void>,
  timeoutMs: number,
  name: string,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await settlesWithin(exited, timeoutMs)) return;
  child.kill('SIGKILL');
  if (await settlesWithin(exited, 5_000)) return;
  throw new Error(`${name} (pid ${String(child.pid)}) did not exit after SIGKILL`);
}

async function settlesWithin(promise: Promise<void>, timeoutMs: number): Promise<boolean> {
  const controller = new AbortController();
  try {
    return await Promise.race([
      promise.then(() => true),
      sleep(timeoutMs, false, { signal: controller.signal }),
    ]);
  } finally {
    controller.abort();
  }
}

/**
 * Stops a process that may not be our child (recorded pids, the CLI's `stop`): SIGTERM, wait up to
 * `timeoutMs`, SIGKILL, wait. Resolves at once if the process is already gone or the pid now
 * belongs to another process (different start time).
 */
export async function stopProcess(recorded: PeerProcess, timeoutMs = 5_000): Promise<void> {
  if (!isProcessAlive(recorded)) return;
  sendSignal(recorded.pid, 'SIGTERM');
  if (await waitUntilGone(recorded, timeoutMs)) return;
  sendSignal(recorded.pid, 'SIGKILL');
  if (await waitUntilGone(recorded, 5_000)) return;
  throw new Error(`${recorded.name} (pid ${recorded.pid}) did not exit after SIGKILL`);
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if (!isErrnoException(error) || error.code !== 'ESRCH') throw error;
  }
}

async function waitUntilGone(recorded: PeerProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(recorded)) {
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
  return true;
}

/**
 * True while the process exists, is not a zombie and (when `startTime` is given) is still the same
 * process rather than a later one that reused the pid.
 */
export function isProcessAlive(recorded: Pick<PeerProcess, 'pid' | 'startTime'>): boolean {
  try {
    process.kill(recorded.pid, 0);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'EPERM') return true;
    return false;
  }
  const stat = readProcessStat(recorded.pid);
  if (stat === undefined) return true; // no /proc: trust kill(0)
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return recorded.startTime === undefined || recorded.startTime === stat.startTime;
}

function readProcessStartTime(pid: number): string | undefined {
  return readProcessStat(pid)?.startTime;
}

function readProcessStat(pid: number): { state: string; startTime: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ..." — comm may contain spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = fields[19]; // field 22 of stat(5); fields[0] is field 3
  if (state === undefined || startTime === undefined) return undefined;
  return { state, startTime };
}

/** The last `lines` lines of a log file (reads at most the last 64 KiB). */
export async function readLogTail(logFile: string, lines = LOG_TAIL_LINES): Promise<string> {
  const handle = await open(logFile, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } finally {
    await handle.close();
  }
}

async function describeLog(logFile: string): Promise<string> {
  try {
    return `Last ${LOG_TAIL_LINES} lines of ${logFile}:\n${await readLogTail(logFile)}`;
  } catch (error) {
    return `(cannot read ${logFile}: ${String(error)})`;
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
