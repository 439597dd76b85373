/**
 * Each process keeps its own clone of a source (`<root>/<host>-<pid>`), so an API server and
 * workers sharing one `$KUSION_HOME` never race on one repository or remove a worktree another's
 * run uses. A folder left by a process of this host that is gone (stopped, or killed) is adopted
 * by renaming it — an atomic claim, one winner — so a restart fetches what changed instead of
 * cloning again.
 */
import { mkdir, readdir, rename } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export async function claimCacheFolder(root: string): Promise<string> {
  await mkdir(root, { recursive: true });
  const host = hostname();
  const mine = join(root, `${host}-${String(process.pid)}`);
  const entries = await readdir(root, { withFileTypes: true });
  if (entries.some((entry) => entry.name === `${host}-${String(process.pid)}`)) return mine;
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(`${host}-`)) continue;
    const pid = Number(entry.name.slice(host.length + 1));
    if (!Number.isSafeInteger(pid) || isRunning(pid)) continue;
    try {
      await rename(join(root, entry.name), mine);
      return mine;
    } catch {
      // Another process adopted it first: look further.
    }
  }
  await mkdir(mine, { recursive: true });
  return mine;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
