/** The S3 backend keeps every rule the engine relies on, as every backend must; on moto. */
import { describeBackendConformance } from '@kusion/testkit/backend-conformance';
import { useMotoBucket } from './moto-bucket.js';

const moto = useMotoBucket();

// moto-bucket empties the bucket before every test: each check starts from empty storage.
describeBackendConformance({ name: 's3', createStorage: () => ({ open: () => moto.backend() }) });
