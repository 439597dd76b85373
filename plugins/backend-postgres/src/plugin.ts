/** The plugin the engine loads for backends of `type: postgres`: it registers the backend. */
import { definePlugin } from '@kusion/sdk';
import type { BackendRegistration } from '@kusion/sdk';
import { openPostgresBackend, POSTGRES_BACKEND_NAME } from './postgres-backend.js';

export const postgresBackendRegistration: BackendRegistration = {
  name: POSTGRES_BACKEND_NAME,
  create: (settings) => openPostgresBackend(settings),
};

export const postgresBackendPlugin = definePlugin({
  name: 'backend-postgres',
  apply(host) {
    host.registerBackend(postgresBackendRegistration);
  },
});
