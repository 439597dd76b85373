import { isRetryable } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { toProviderError } from './provider-errors.js';

const context = { resourceId: 'gcp:Lien:keep', doing: 'placing a lien on projects/1' };

describe('provider errors', () => {
  it('reads a REST (gaxios) error body like a gRPC status, throttling retryable', () => {
    const rest = Object.assign(new Error('Request failed with status code 429'), {
      config: { url: 'http://127.0.0.1/v3/liens' },
      response: {
        status: 429,
        data: { error: { code: 429, message: 'Quota exceeded.', status: 'RESOURCE_EXHAUSTED' } },
      },
    });
    const error = toProviderError(rest, context);
    expect(error.message).toBe(
      'placing a lien on projects/1 failed: RESOURCE_EXHAUSTED: Quota exceeded.',
    );
    expect(isRetryable(error)).toBe(true);
  });

  it('reads no answer at all as UNAVAILABLE, and points at the endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      config: { url: 'http://127.0.0.1:1/v3/liens' },
      code: 'ECONNREFUSED',
    });
    const error = toProviderError(refused, context);
    expect(error.message).toContain('UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:1');
    expect(error).toMatchObject({ hint: expect.stringContaining('providers.gcp.endpoint') });
  });

  it('says how to get credentials when Application Default Credentials are missing', () => {
    const error = toProviderError(
      new Error(
        'Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.',
      ),
      context,
    );
    expect(error).toMatchObject({
      code: 'PROVIDER_FAILED',
      hint: expect.stringContaining('gcloud auth application-default login'),
    });
  });
});
