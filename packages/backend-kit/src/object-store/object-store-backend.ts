/**
 * One object-store backend: workspaces, releases (with their journals and summaries) and the
 * wrapped data key, written once on the `ObjectStore` interface. A backend brings its storage
 * (S3, Azure Blob…), its locks and the fence check they allow (a lock object read before each
 * write, a blob lease…), and anything it keeps besides (S3's rollouts).
 */
import type { Backend, LockStore, RolloutStore } from '@kusion/sdk';
import type { FenceCheck } from '../fencing.js';
import { createObjectKeyStore } from './key-store.js';
import type { ObjectLayout } from './layout.js';
import type { ObjectStore } from './object-store.js';
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
}

export function createObjectStoreBackend(options: ObjectStoreBackendOptions): Backend {
  const { store, layout } = options;
  return {
    name: options.name,
    workspaces: createObjectWorkspaceStore(store, layout),
    releases: createObjectReleaseStore(store, layout, options.checkFence),
    locks: options.locks,
    ...(options.rollouts ? { rollouts: options.rollouts } : {}),
    keys: createObjectKeyStore(store),
    close() {
      store.close();
      return Promise.resolve();
    },
  };
}
