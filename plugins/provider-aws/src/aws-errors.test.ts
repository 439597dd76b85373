import { describe, expect, it } from 'vitest';
import { isRetryable, isKusionError } from '@kusion/sdk';
import { isStackMissing, toProviderError } from './aws-errors.js';

const sdkError = (name: string, message: string, status?: number) =>
  Object.assign(new Error(message), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status },
  });

describe('AWS errors', () => {
  it('marks throttling, 5xx and network failures retryable, and says which call failed', () => {
    for (const error of [
      sdkError('Throttling', 'Rate exceeded', 400),
      sdkError('UnknownError', 'Internal Server Error', 500),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ]) {
      const wrapped = toProviderError(error, 'ExecuteChangeSet');
      expect(isKusionError(wrapped)).toBe(true);
      expect(isRetryable(wrapped)).toBe(true);
    }
    expect(
      toProviderError(sdkError('UnknownError', 'Internal Server Error', 500), 'DetectStackDrift')
        .message,
    ).toBe('DetectStackDrift failed: HTTP 500: Internal Server Error');
  });

  it('does not retry what will fail again, and hints at credentials', () => {
    const denied = toProviderError(
      sdkError('InvalidClientTokenId', 'The security token is invalid', 403),
      'DescribeStacks',
    );
    expect(isRetryable(denied)).toBe(false);
    expect(denied).toMatchObject({
      code: 'PROVIDER_FAILED',
      hint: expect.stringContaining('AWS credentials') as unknown,
    });
  });

  it('turns an aborted call into a cancellation', () => {
    expect(toProviderError(sdkError('AbortError', 'aborted'), 'CreateChangeSet')).toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('recognises a missing stack', () => {
    expect(
      isStackMissing(sdkError('ValidationError', 'Stack with id shop does not exist', 400)),
    ).toBe(true);
    expect(isStackMissing(sdkError('ValidationError', 'Template format error', 400))).toBe(false);
  });
});
