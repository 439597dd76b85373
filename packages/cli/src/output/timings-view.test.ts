import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { renderTimings } from './timings-view.js';

describe('the timings report', () => {
  it('shows phases, the slowest resources and per provider calls, throttles, retries and readiness waits', () => {
    const text = renderTimings(
      {
        totalMs: 2300,
        phases: { load: 210, generate: 10, plan: 400, apply: 1600, record: 30 },
        slowest: [
          {
            id: 'apps/v1:Deployment:shop:web',
            type: 'Kubernetes',
            action: 'Update',
            durationMs: 1200,
          },
        ],
        providers: [
          {
            provider: 'Kubernetes',
            apiCalls: 12,
            throttled: 2,
            retries: 1,
            readinessWaitMs: 800,
            callsByOperation: { 'PATCH apps/v1 deployments': 2, 'GET v1 configmaps': 10 },
          },
          { provider: 'Test', retries: 0, readinessWaitMs: 0 },
        ],
      },
      pc.createColors(false),
    );
    expect(text.split('\n')).toEqual([
      'Timings (total 2.3 s)',
      '  phases: load 210 ms · generate 10 ms · plan 400 ms · apply 1.6 s · record 30 ms',
      '  slowest resources:',
      '       1.2 s  Update    apps/v1:Deployment:shop:web',
      '  Kubernetes: 12 API calls, 2 throttled, 1 retry, 800 ms waiting for readiness',
      '    GET v1 configmaps ×10, PATCH apps/v1 deployments ×2',
      '  Test: 0 retries, 0 ms waiting for readiness',
    ]);
  });
});
