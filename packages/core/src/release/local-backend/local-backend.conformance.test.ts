/** The local backend keeps every rule the engine relies on, as every backend must. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBackendConformance } from '@kusion/testkit/backend-conformance';
import { createLocalBackend } from './local-backend.js';

describeBackendConformance({
  name: 'local',
  async createStorage() {
    const home = await mkdtemp(join(tmpdir(), 'kusion-conformance-'));
    return {
      open: () => createLocalBackend({ kusionHome: home }),
      childArgument: { kusionHome: home },
      remove: () => rm(home, { recursive: true, force: true }),
    };
  },
  // Children load the TypeScript sources through tsx, as the engine's CLI would load a plugin.
  childProcess: {
    module: new URL('./local-backend.ts', import.meta.url).href,
    exportName: 'createLocalBackend',
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
  },
  timeoutMs: 30_000,
});
