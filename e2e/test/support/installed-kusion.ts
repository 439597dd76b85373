import { inject } from 'vitest';
// Declares what `inject('kusion')` holds.
import type {} from './install.ts';

/**
 * The `kusion` binary installed from tarballs by the global setup; `fallback` (the repository's
 * build) when a suite runs on its own config, without that setup.
 */
export function installedKusion(fallback: string): string {
  try {
    return inject('kusion').bin;
  } catch {
    return fallback;
  }
}
