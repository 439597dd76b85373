/** Whether a process of this host runs, and which one: for judging lock holders and leftovers. */
import { readFileSync } from 'node:fs';

/** Whether a process with this pid exists on this host (one we may not signal counts). */
export function isProcessRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * When process `pid` started, as a token that differs for a later process reusing the pid: the
 * boot id and the start time in clock ticks since boot (`/proc/<pid>/stat`, field 22). Undefined
 * where `/proc` is not (macOS, Windows) or the process is gone.
 */
export function processStartToken(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = fields[19];
  const bootId = readText('/proc/sys/kernel/random/boot_id')?.trim();
  return startTicks === undefined || bootId === undefined ? undefined : `${bootId}:${startTicks}`;
}
