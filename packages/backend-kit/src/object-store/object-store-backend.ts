/**
 * One object-store backend: workspaces, releases (with their journals and summaries) and the
 * wrapped data key, written once on the `ObjectStore` interface. A backend brings its storage
 * (S3, Azure Blob…), its locks and the fence check they allow (a lock object read before each
 * write, a blob lease…), and anything it keeps besides (S3's rollouts). With `readsKusion`, the
 * state KusionStack Kusion's s3/oss/google backends keep under the same prefix is read in place
 * beside ours, and never written (kusion-layout.ts).
 */
import type { Backend, LockStore, RolloutStore } from '@kusion/sdk';
import type { FenceCheck } from '../fencing.js';
import { withKusionReleases } from '../kusion-releases.js';
import { createObjectKeyStore } from './key-store.js';
import { createObjectKusionReleaseReader } from './kusion-releases.js';
import { withKusionWorkspaces } from './kusion-workspaces.js';
import type { ObjectLayout } from './layout.js';
import type { ObjectStore } from './object-store.js';
import { createObjectReleaseScopes } from './release-scopes.js';
import { createObjectReleaseStore } from './release-store.js';
import { createObjectWorkspaceStore } from './workspace-store.js';

export interface ObjectStoreBackendOptions {
  /** The backend's type, as config.yaml names it: `s3`, `azure-blob`. */
  readonly name: string;
  readonly store: ObjectStore;
  /** The layout its locks use too (`lockKey`). */
  readonly layout: ObjectLayout;
  readonly locks: LockStore;
  /** Made before every release and journal write. */
  readonly checkFence: FenceCheck;
  readonly rollouts?: RolloutStore;
  /**
   * Read KusionStack Kusion's workspaces and releases under the same prefix (its s3, oss and
   * google backends' layout): for a backend a Kusion user points at the bucket Kusion used.
   */
  readonly readsKusion?: boolean;
}

export function createObjectStoreBackend(options: ObjectStoreBackendOptions): Backend {
  const { store, layout } = options;
  const workspaces = createObjectWorkspaceStore(store, layout);
  const kusion = options.readsKusion ? createObjectKusionReleaseReader(store) : undefined;
  const releases = {
    ...createObjectReleaseStore(store, layout, options.checkFence),
    scopes: createObjectReleaseScopes(store, kusion),
  };
  return {
    name: options.name,
    workspaces: options.readsKusion ? withKusionWorkspaces(workspaces, store, layout) : workspaces,
    releases: kusion ? withKusionReleases(releases, kusion) : releases,
    locks: options.locks,
    ...(options.rollouts ? { rollouts: options.rollouts } : {}),
    keys: createObjectKeyStore(store),
    close() {
      store.close();
      return Promise.resolve();
    },
  };
}
