/** The one S3 client a backend instance uses, configured from its settings and the AWS environment. */
import { S3Client } from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3BackendSettings } from './settings.js';

/** Attempts per request: throttling, 5xx and dropped connections are retried with backoff. */
const MAX_ATTEMPTS = 5;

/** Region for custom endpoints when nothing else names one: MinIO, moto & co. ignore it. */
const ENDPOINT_DEFAULT_REGION = 'us-east-1';

/**
 * Library code never prints: without a logger of its own, the SDK writes some warnings (several
 * credential sources set at once...) straight to the console.
 */
const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function createS3Client(
  settings: S3BackendSettings,
  overrides: Partial<S3ClientConfig> = {},
  environment: NodeJS.ProcessEnv = process.env,
): S3Client {
  const region =
    settings.region ??
    (settings.endpoint !== undefined &&
    settings.profile === undefined &&
    !environment.AWS_REGION &&
    !environment.AWS_PROFILE
      ? ENDPOINT_DEFAULT_REGION
      : undefined);
  return new S3Client({
    ...(region === undefined ? {} : { region }),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
    forcePathStyle: settings.forcePathStyle,
    // A bucket in another region than the configured one still works (one extra round trip).
    followRegionRedirects: true,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    // Fail over a dead endpoint quickly instead of hanging a deploy.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
    logger: silentLogger,
    ...overrides,
  });
}
