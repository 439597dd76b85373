import { createRequire } from 'node:module';
import { defineModule } from '@kusion/sdk';
import { generateBucket } from './generate-bucket.js';
import { bucketSchemas } from './schemas.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `bucket` module: an S3 bucket or an Azure blob container whose name and endpoint reach the workload's env. */
const plugin = defineModule({
  name: 'bucket',
  version,
  schemas: bucketSchemas,
  generate: generateBucket,
});

export default plugin;
export { generateBucket, bucketSchemas };
export { bucket } from './builder.js';
export type { BucketAccessory } from './builder.js';
export type { BucketPlatformSettings, BucketSettings } from './bucket-settings.js';
