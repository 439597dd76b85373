/**
 * The embedded default backend: workspaces, releases and locks as files under `$KUSION_HOME`.
 *
 * ```
 * <home>/workspaces/<name>.yaml
 * <home>/current-workspace
 * <home>/releases/<project>/<workspace>/<stack>/<revision>.json
 * <home>/releases/<project>/<workspace>/<stack>/<revision>.journal.ndjson   while applying
 * <home>/locks/<project>/<workspace>.lock
 * <home>/locks/<project>/<workspace>.generation                         the last lock generation
 * <home>/rollouts/<project>/<id>.json
 * <home>/secret.key                     the data key: plain (mode 0600), or wrapped with `sealing:`
 * ```
 *
 * KusionStack Kusion's own files in the same home are read in place: `workspaces/.metadata.yml`
 * (the current workspace, when we selected none) and `releases/<project>/<workspace>/<revision>.yaml`
 * (listed with ours; our revisions continue after Kusion's).
 */
import { resolve } from 'node:path';
import { withKusionReleases } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { Backend, BackendContext, BackendRegistration } from '@kusion/sdk';
import { createFenceCheck } from './fence-check.js';
import { createLocalLayout } from './local-layout.js';
import { createLocalKeyStore } from './key-store.js';
import { createLocalLockStore } from './lock-store.js';
import { createLocalKusionReleaseReader } from './kusion-releases.js';
import { createLocalReleaseStore } from './release-store.js';
import { createLocalRolloutStore } from './rollout-store.js';
import { createLocalWorkspaceStore } from './workspace-store.js';

export const LOCAL_BACKEND_NAME = 'local';

/** Creates the local backend storing under `kusionHome` (resolved by the caller). */
export function createLocalBackend({ kusionHome }: BackendContext): Backend {
  if (kusionHome === '') {
    throw new KusionError('INVALID_ARGUMENT', 'the local backend needs a home directory', {
      hint: 'Set $KUSION_HOME or leave it unset to use ~/.kusion.',
    });
  }
  const layout = createLocalLayout(resolve(kusionHome));
  const kusion = createLocalKusionReleaseReader(layout.home);
  return {
    name: LOCAL_BACKEND_NAME,
    workspaces: createLocalWorkspaceStore(layout),
    releases: withKusionReleases(
      createLocalReleaseStore(layout, createFenceCheck(layout), kusion),
      kusion,
    ),
    locks: createLocalLockStore(layout),
    rollouts: createLocalRolloutStore(resolve(kusionHome)),
    keys: createLocalKeyStore(resolve(kusionHome)),
  };
}

/** The registration the engine lists next to plugin backends; `local` takes no settings. */
export const localBackendRegistration: BackendRegistration = {
  name: LOCAL_BACKEND_NAME,
  create: (_settings, context) => createLocalBackend(context),
};
