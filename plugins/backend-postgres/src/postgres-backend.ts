/**
 * The PostgreSQL backend: workspaces, releases, journals, locks and the wrapped data key as rows
 * of six tables in one schema (`kusion` by default), changed only in transactions, so many people
 * and CI runners can share them safely; every release write checks the writer's fence in its own
 * transaction.
 */
import type { Attributes, Backend } from '@kusion/sdk';
import { openDatabase } from './database.js';
import { createPostgresKeyStore } from './key-store.js';
import { createPostgresLockStore } from './lock-store.js';
import { createPostgresReleaseStore } from './release-store.js';
import { parsePostgresSettings } from './settings.js';
import type { PostgresBackendSettings } from './settings.js';
import { createPostgresWorkspaceStore } from './workspace-store.js';

export const POSTGRES_BACKEND_NAME = 'postgres';

export function createPostgresBackend(settings: PostgresBackendSettings): Backend {
  const database = openDatabase(settings);
  return {
    name: POSTGRES_BACKEND_NAME,
    workspaces: createPostgresWorkspaceStore(database),
    releases: createPostgresReleaseStore(database),
    locks: createPostgresLockStore(database),
    keys: createPostgresKeyStore(database),
    close: () => database.close(),
  };
}

/** A backend from `configs:` as config.yaml writes them. */
export function openPostgresBackend(settings: Attributes): Backend {
  return createPostgresBackend(parsePostgresSettings(settings));
}
