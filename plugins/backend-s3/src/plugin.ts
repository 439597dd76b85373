/** The plugin the engine loads for backends of `type: s3`: it registers the `s3` backend. */
import { definePlugin } from '@kusion/sdk';
import type { BackendRegistration } from '@kusion/sdk';
import { createS3Backend, S3_BACKEND_NAME } from './s3-backend.js';
import { parseS3Settings } from './settings.js';

export const s3BackendRegistration: BackendRegistration = {
  name: S3_BACKEND_NAME,
  create: (settings) => createS3Backend(parseS3Settings(settings)),
};

export const s3BackendPlugin = definePlugin({
  name: 'backend-s3',
  apply(host) {
    host.registerBackend(s3BackendRegistration);
  },
});
