/** The S3 backend keeps every rule the engine relies on, as every backend must; on moto. */
import { fileURLToPath } from 'node:url';
import { describeBackendConformance } from '@kusion/testkit/backend-conformance';
import { BUCKET, PREFIX, useMotoBucket } from './moto-bucket.js';

const moto = useMotoBucket();

// moto-bucket empties the bucket before every test: each check starts from empty storage.
describeBackendConformance({
  name: 's3',
  createStorage: () => ({
    open: () => moto.backend(),
    childArgument: { bucket: BUCKET, prefix: PREFIX, endpoint: moto.peer.endpoint },
  }),
  // A child opens the bucket as the CLI would: from settings, with moto's credentials.
  childProcess: {
    module: new URL('./child-backend.ts', import.meta.url).href,
    exportName: 'openS3Backend',
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('../', import.meta.url)),
    env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' },
  },
  timeoutMs: 60_000,
});
