/** What a child process of the conformance suite calls to open the bucket a check uses. */
import type { Backend } from '@kusion/sdk';
import { createS3Backend } from '../src/s3-backend.js';
import { parseS3Settings } from '../src/settings.js';

export function openS3Backend(settings: Record<string, unknown>): Backend {
  return createS3Backend(parseS3Settings(settings));
}
