export { s3BackendPlugin as default, s3BackendPlugin, s3BackendRegistration } from './plugin.js';
export { createS3Backend, S3_BACKEND_NAME } from './s3-backend.js';
export type { S3BackendOptions } from './s3-backend.js';
export { parseS3Settings } from './settings.js';
export type { S3BackendSettings } from './settings.js';
export { CORRUPT_LOCK_ID } from '@kusion/backend-kit';
