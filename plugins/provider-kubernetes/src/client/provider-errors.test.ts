import { describe, expect, it } from 'vitest';
import { CancelledError } from '@kusion/sdk';
import { KubeApiError, KubeConnectionError, UnknownKindError } from './api-error.js';
import { toProviderError } from './provider-errors.js';

const status = (code: number, body: Record<string, unknown> = {}) =>
  new KubeApiError(code, { kind: 'Status', code, ...body }, 'PATCH /x');
const context = { resourceId: 'v1:ConfigMap:default:c' };

describe('API errors as provider errors', () => {
  it.each([
    [429, 'TooManyRequests', true],
    [500, 'InternalError', true],
    [503, 'ServiceUnavailable', true],
    [504, 'Timeout', true],
    [400, 'BadRequest', false],
    [401, 'Unauthorized', false],
    [404, 'NotFound', false],
    [422, 'Invalid', false],
  ])('HTTP %i (%s) is retryable: %s', (code, reason, retryable) => {
    const error = toProviderError(status(code, { reason, message: 'boom' }), context);
    expect(error).toMatchObject({
      code: 'PROVIDER_FAILED',
      retryable,
      resourceId: context.resourceId,
    });
    expect(error.message).toBe(`boom (HTTP ${code} ${reason})`);
  });

  it('does not retry the 500 that Kubernetes 1.20 answers to an apply it can never merge', () => {
    const error = status(500, {
      message:
        'failed to create typed patch object: .spec.ports: element 0: associative list with keys has an element that omits key field "protocol"',
    });
    expect(toProviderError(error, context)).toMatchObject({ retryable: false });
  });

  it('retries while a namespace is terminating, and connection failures that can pass', () => {
    const terminating = status(403, {
      reason: 'Forbidden',
      message: 'unable to create new content in namespace shop because it is being terminated',
    });
    expect(toProviderError(terminating, context)).toMatchObject({ retryable: true });
    expect(
      toProviderError(new KubeConnectionError('connect ECONNREFUSED', true), context),
    ).toMatchObject({ retryable: true });
    expect(
      toProviderError(new KubeConnectionError('self-signed certificate', false), context),
    ).toMatchObject({ retryable: false, hint: expect.stringContaining('kubeconfig') });
  });

  it('names conflicting managers and fields, with the --force-conflicts hint', () => {
    const conflict = status(409, {
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-edit": .data.a',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-edit"',
            field: '.data.a',
          },
        ],
      },
    });
    expect(toProviderError(conflict, context)).toMatchObject({
      message: 'conflict with another field manager: field manager "kubectl-edit" owns data.a',
      retryable: false,
      hint: expect.stringContaining('--force-conflicts'),
    });
  });

  it('adds causes the message does not already say, and scrubs secret values', () => {
    const invalid = status(422, {
      reason: 'Invalid',
      message: 'Secret "s" is invalid',
      details: { causes: [{ field: 'data[pw]', message: 'Invalid value: "hunter22": bad' }] },
    });
    const manifest = { apiVersion: 'v1', kind: 'Secret', stringData: { pw: 'hunter22' } };
    expect(toProviderError(invalid, { ...context, manifest }).message).toBe(
      'Secret "s" is invalid (HTTP 422 Invalid): data[pw]: Invalid value: "(sensitive)": bad',
    );
  });

  it('explains unknown kinds and keeps Kusion errors as they are', () => {
    expect(
      toProviderError(new UnknownKindError('example.com/v1', 'Widget'), context),
    ).toMatchObject({
      message: 'the cluster does not serve kind "Widget" in apiVersion "example.com/v1"',
      hint: expect.stringContaining('CustomResourceDefinition'),
    });
    const cancelled = new CancelledError();
    expect(toProviderError(cancelled, context)).toBe(cancelled);
  });
});
