import { isKusionError, KusionError } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { toBackendError } from './s3-errors.js';

const context = {
  action: 'read',
  target: 's3://kusion-state/a/b.json',
  bucket: 'kusion-state',
  endpoint: 'http://127.0.0.1:1',
};

function s3Error(name: string, status: number, attempts = 1): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    Code: name,
    $metadata: { httpStatusCode: status, attempts },
  });
}

describe('S3 errors as coded errors', () => {
  it.each([
    [
      s3Error('NoSuchBucket', 404),
      'the S3 bucket "kusion-state" does not exist (at http://127.0.0.1:1)',
      'aws s3 mb s3://kusion-state',
    ],
    [
      s3Error('AccessDenied', 403),
      'access denied to s3://kusion-state/a/b.json (could not read: AccessDenied)',
      's3:PutObject',
    ],
    [
      s3Error('InvalidAccessKeyId', 403),
      'access denied to s3://kusion-state/a/b.json (could not read: InvalidAccessKeyId)',
      'AWS_PROFILE',
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      'could not reach S3 at http://127.0.0.1:1 to read s3://kusion-state/a/b.json (ECONNREFUSED)',
      'endpoint',
    ],
    [
      s3Error('SlowDown', 503, 5),
      'S3 kept failing to read s3://kusion-state/a/b.json (SlowDown, HTTP 503) after 5 attempts',
      'again in a moment',
    ],
    [
      s3Error('InternalError', 500, 5),
      'S3 kept failing to read s3://kusion-state/a/b.json (InternalError, HTTP 500) after 5 attempts',
      'again in a moment',
    ],
    [
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
      'no AWS credentials found to read s3://kusion-state/a/b.json: Could not load credentials from any providers',
      'aws sso login',
    ],
    [
      new Error('Region is missing'),
      'no AWS region configured to read s3://kusion-state/a/b.json',
      'AWS_REGION',
    ],
    [
      s3Error('PermanentRedirect', 301),
      'the S3 bucket "kusion-state" is in another region than the one configured',
      '"region"',
    ],
    [
      s3Error('InvalidArgument', 400),
      'could not read s3://kusion-state/a/b.json: InvalidArgument happened (InvalidArgument, HTTP 400)',
      '--debug',
    ],
  ])('maps %s', (error, message, hint) => {
    const mapped = toBackendError(error, context);
    expect(mapped).toMatchObject({
      code: 'BACKEND_FAILED',
      message,
      hint: expect.stringContaining(hint),
    });
    expect(mapped.cause).toBe(error);
  });

  it('passes coded errors through untouched', () => {
    const coded = new KusionError('STATE_CORRUPT', 'x');
    expect(toBackendError(coded, context)).toBe(coded);
    expect(isKusionError(toBackendError('a string', context))).toBe(true);
  });
});
