import { describe, expect, it } from 'vitest';
import { createRequestMetrics, operationOf } from './request-metrics.js';

describe('request metrics', () => {
  it.each([
    ['PATCH', '/apis/apps/v1/namespaces/shop/deployments/web', 'PATCH apps/v1 deployments'],
    ['GET', '/api/v1/namespaces/shop/configmaps', 'GET v1 configmaps'],
    ['GET', '/api/v1/namespaces', 'GET v1 namespaces'],
    ['DELETE', '/api/v1/namespaces/shop', 'DELETE v1 namespaces'],
    [
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.y',
      'GET apiextensions.k8s.io/v1 customresourcedefinitions',
    ],
    ['GET', '/api', 'GET /api'],
    ['GET', '/apis/apps/v1', 'GET apps/v1'],
  ])('%s %s is the operation "%s"', (method, path, operation) => {
    expect(operationOf(method, path)).toBe(operation);
  });

  it('counts every request and the throttled ones', () => {
    const metrics = createRequestMetrics();
    metrics.sent('GET', '/api/v1/namespaces/a/configmaps/x');
    metrics.sent('GET', '/api/v1/namespaces/b/configmaps/y');
    metrics.throttled();
    expect(metrics.snapshot()).toEqual({
      apiCalls: 2,
      throttled: 1,
      callsByOperation: { 'GET v1 configmaps': 2 },
    });
  });
});
