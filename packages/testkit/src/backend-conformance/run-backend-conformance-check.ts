/**
 * Runs one check against fresh storage, then closes every backend it opened, kills any child it
 * started, and removes the storage. Plain async code with no test-runner calls: tests can run a
 * check against a broken backend and assert that it fails.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Backend } from '@kusion/sdk';
import type {
  BackendConformanceCheck,
  BackendConformanceOptions,
  BackendStorage,
  ChildProcessOptions,
} from './types.js';

export async function runBackendConformanceCheck(
  check: BackendConformanceCheck,
  options: Pick<BackendConformanceOptions, 'createStorage' | 'childProcess'>,
): Promise<{ readonly skipped: string } | undefined> {
  const storage = await options.createStorage();
  const opened: Backend[] = [];
  const children: ChildProcessWithoutNullStreams[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    try {
      for (const backend of opened) await backend.close?.();
    } finally {
      await storage.remove?.();
    }
  };
  const { childProcess } = options;
  const open = async (): Promise<Backend> => {
    const backend = await storage.open();
    opened.push(backend);
    return backend;
  };
  let skipped: string | undefined;
  try {
    skipped = check.skipWhen?.(await open());
    if (skipped === undefined) {
      await check.run({
        open,
        ...(childProcess
          ? {
              startChild(body: string) {
                const child = startChild(childProcess, storage, body);
                children.push(child);
                return child;
              },
            }
          : {}),
      });
    }
  } catch (error) {
    // The check's failure is the news; a cleanup failing after it would only hide it.
    await cleanUp().catch(() => undefined);
    throw error;
  }
  await cleanUp();
  return skipped === undefined ? undefined : { skipped };
}

function startChild(
  options: ChildProcessOptions,
  storage: BackendStorage,
  body: string,
): ChildProcessWithoutNullStreams {
  const script = `
    const opened = await import(${JSON.stringify(options.module)});
    const backend = await opened[${JSON.stringify(options.exportName)}](${JSON.stringify(storage.childArgument ?? null)});
    ${body}`;
  return spawn(
    process.execPath,
    [...(options.execArgv ?? []), '--input-type=module', '-e', script],
    { cwd: options.cwd, env: { ...process.env, ...options.env } },
  );
}
