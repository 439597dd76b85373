/** The local backend keeps every rule the engine relies on, as every backend must. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackendConformance } from '@kusion/testkit/backend-conformance';
import { createLocalBackend } from './local-backend.js';

describeBackendConformance({
  name: 'local',
  async createStorage() {
    const home = await mkdtemp(join(tmpdir(), 'kusion-conformance-'));
    return {
      open: () => createLocalBackend({ kusionHome: home }),
      remove: () => rm(home, { recursive: true, force: true }),
    };
  },
});
