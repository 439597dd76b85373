import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * Where benchmarks create their projects, states and logs: tmpfs when there is one. File creation
 * on this machine's ext4 disk costs 150-600 µs and varies run to run, against ~15 µs on tmpfs, so
 * on disk the file system, not the tools, would be measured.
 */
export function defaultScratchDir(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}
