import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Where built peer binaries are cached, outside the repository: `$KUSION_PEERS_CACHE`, else
 * `$XDG_CACHE_HOME/kusion`, else `~/.cache/kusion` (the same rule as `kube-apiserver/build.sh`).
 */
export function peersCacheDir(): string {
  const explicit = process.env['KUSION_PEERS_CACHE'];
  if (explicit) return explicit;
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'kusion');
}

/** The first executable called `name` on `PATH`, or undefined. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
