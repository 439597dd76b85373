/**
 * The S3 backend: workspaces, releases and locks as objects under a prefix of one bucket, changed
 * only with conditional writes so many people and CI runners can share them safely.
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { Backend } from '@kusion/sdk';
import { createFenceCheck } from './fence.js';
import { createS3KeyStore } from './key-store.js';
import { createS3Layout } from './layout.js';
import { createS3LockStore } from './lock-store.js';
import { createObjectStore } from './object-store.js';
import { createS3ReleaseStore } from './release-store.js';
import { createS3RolloutStore } from './rollout-store.js';
import { createS3Client } from './s3-client.js';
import type { S3BackendSettings } from './settings.js';
import { createS3WorkspaceStore } from './workspace-store.js';

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
  const layout = createS3Layout();
  return {
    name: S3_BACKEND_NAME,
    workspaces: createS3WorkspaceStore(store, layout),
    releases: createS3ReleaseStore(store, layout, createFenceCheck(store, layout)),
    locks: createS3LockStore(store, layout),
    rollouts: createS3RolloutStore(store),
    keys: createS3KeyStore(store),
    close() {
      store.close();
      return Promise.resolve();
    },
  };
}
