/**
 * Runs one check against fresh storage, then closes every backend it opened and removes the
 * storage. Plain async code with no test-runner calls: tests can run a check against a broken
 * backend and assert that it fails.
 */
import type { Backend } from '@kusion/sdk';
import type { BackendConformanceCheck, BackendConformanceOptions } from './types.js';

export async function runBackendConformanceCheck(
  check: BackendConformanceCheck,
  options: Pick<BackendConformanceOptions, 'createStorage'>,
): Promise<{ readonly skipped: string } | undefined> {
  const storage = await options.createStorage();
  const opened: Backend[] = [];
  const cleanUp = async (): Promise<void> => {
    try {
      for (const backend of opened) await backend.close?.();
    } finally {
      await storage.remove?.();
    }
  };
  const open = async (): Promise<Backend> => {
    const backend = await storage.open();
    opened.push(backend);
    return backend;
  };
  let skipped: string | undefined;
  try {
    skipped = check.skipWhen?.(await open());
    if (skipped === undefined) await check.run({ open });
  } catch (error) {
    // The check's failure is the news; a cleanup failing after it would only hide it.
    await cleanUp().catch(() => undefined);
    throw error;
  }
  await cleanUp();
  return skipped === undefined ? undefined : { skipped };
}
