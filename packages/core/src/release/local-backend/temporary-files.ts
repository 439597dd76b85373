/**
 * Temporary files of atomic writes (`.<name>.<pid>.<random>.tmp`, see atomic-file.ts) live for
 * milliseconds; a process killed between creating one and renaming it leaves it behind, and
 * nothing else would ever remove it. Whoever next writes in the folder sweeps the abandoned ones:
 * those of a process that is gone, and any older than a few minutes (older names carry no pid,
 * and a pid can be reused).
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrorCode } from './atomic-file.js';
import { isProcessRunning } from '../process-liveness.js';
import { createTrace } from './trace.js';

const debug = createTrace('kusion:core:release:local');

/** `.<name>.<pid>.<12 hex>.tmp`, or the older `.<name>.<12 hex>.tmp`. */
const TEMPORARY = /^\..+?(?:\.(\d+))?\.[0-9a-f]{12}\.tmp$/;

/** A temporary file older than this is abandoned whoever wrote it. */
const ABANDONED_AFTER_MS = 5 * 60_000;

export async function removeAbandonedTemporaries(directory: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match) continue;
    const file = join(directory, name);
    const pid = match[1] === undefined ? undefined : Number(match[1]);
    try {
      const isWriterGone = pid !== undefined && pid !== process.pid && !isProcessRunning(pid);
      const isOld = Date.now() - (await stat(file)).mtimeMs > ABANDONED_AFTER_MS;
      if (!isWriterGone && !isOld) continue;
      await unlink(file);
      removed++;
      debug('removed abandoned temporary file %s', file);
    } catch (error) {
      // Renamed or removed meanwhile by its writer or another sweeper: nothing to do.
      if (!hasErrorCode(error, 'ENOENT')) throw error;
    }
  }
  return removed;
}
