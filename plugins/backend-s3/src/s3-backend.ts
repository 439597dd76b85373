/**
 * The S3 backend: workspaces, releases, locks, rollouts and the wrapped data key as objects under a
 * prefix of one bucket, changed only with conditional writes so many people and CI runners can
 * share them safely. What it stores besides its locks and rollouts is the object-store backend of
 * @kusion/backend-kit, on S3 (object-store.ts). KusionStack Kusion's workspaces and releases under
 * the same prefix are read in place and never written (backend-kit's object-store/kusion-layout.ts).
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { createObjectLayout, createObjectStoreBackend } from '@kusion/backend-kit';
import type { Backend } from '@kusion/sdk';
import { createFenceCheck } from './fence.js';
import { createS3LockStore } from './lock-store.js';
import { createObjectStore } from './object-store.js';
import { createS3RolloutStore } from './rollout-store.js';
import { createS3Client } from './s3-client.js';
import type { S3BackendSettings } from './settings.js';

export const S3_BACKEND_NAME = 's3';

export interface S3BackendOptions {
  /** Use this client instead of one built from the settings (tests, custom middleware). */
  readonly client?: S3Client;
  /** Extra client configuration, e.g. `{ maxAttempts: 2 }`. */
  readonly clientConfig?: Partial<S3ClientConfig>;
}

export function createS3Backend(
  settings: S3BackendSettings,
  options: S3BackendOptions = {},
): Backend {
  const store = createObjectStore({
    client: options.client ?? createS3Client(settings, options.clientConfig),
    bucket: settings.bucket,
    prefix: settings.prefix,
    endpoint: settings.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL,
  });
  const layout = createObjectLayout();
  return createObjectStoreBackend({
    name: S3_BACKEND_NAME,
    store,
    layout,
    locks: createS3LockStore(store, layout),
    checkFence: createFenceCheck(store, layout),
    rollouts: createS3RolloutStore(store),
    readsKusion: true,
  });
}
