/**
 * "Why was this slow": where a run spends its time, phase by phase, which resources took longest,
 * and per provider the API calls it made, throttles, retries and time waiting for readiness. The
 * recorder lives as long as the engine context, so loading and generating count too.
 */
import type { Provider, ResourceOutcome, RunPhase, RunTimings } from '@kusion/sdk';

/** How many of the slowest resource operations the report names. */
const SLOWEST = 5;

export interface TimingsRecorder {
  /** Runs `work`, adding its wall time to `phase` (phases may be entered several times). */
  measure<T>(phase: RunPhase, work: () => Promise<T>): Promise<T>;
  /** A retry of a transient failure of a resource of this type. */
  countRetry(type: string): void;
  /** Time one resource of this type spent waiting to be ready. */
  addReadinessWait(type: string, ms: number): void;
  /** The report, from the outcomes and each provider's own metrics, read now. */
  report(request: {
    readonly outcomes: readonly ResourceOutcome[];
    readonly providers: ReadonlyMap<string, Provider>;
  }): RunTimings;
}

export function createTimingsRecorder(): TimingsRecorder {
  const startedAt = performance.now();
  const phases: Record<RunPhase, number> = { load: 0, generate: 0, plan: 0, apply: 0, record: 0 };
  const retries = new Map<string, number>();
  const readiness = new Map<string, number>();
  return {
    async measure(phase, work) {
      const begun = performance.now();
      try {
        return await work();
      } finally {
        phases[phase] += performance.now() - begun;
      }
    },
    countRetry(type) {
      retries.set(type, (retries.get(type) ?? 0) + 1);
    },
    addReadinessWait(type, ms) {
      readiness.set(type, (readiness.get(type) ?? 0) + ms);
    },
    report({ outcomes, providers }) {
      const byProvider = new Map<Provider, string[]>();
      for (const [type, provider] of providers)
        byProvider.set(provider, [...(byProvider.get(provider) ?? []), type]);
      return {
        totalMs: Math.round(performance.now() - startedAt),
        phases: Object.fromEntries(
          Object.entries(phases).map(([name, ms]) => [name, Math.round(ms)]),
        ) as Record<RunPhase, number>,
        slowest: [...outcomes]
          .filter((outcome) => outcome.action !== 'UnChanged')
          .sort((a, b) => b.durationMs - a.durationMs)
          .slice(0, SLOWEST)
          .map(({ id, type, action, durationMs }) => ({ id, type, action, durationMs })),
        providers: [...byProvider].map(([provider, types]) => {
          const metrics = provider.metrics?.();
          const sum = (counts: ReadonlyMap<string, number>): number =>
            types.reduce((total, type) => total + (counts.get(type) ?? 0), 0);
          return {
            provider: types.join(', '),
            ...(metrics ? { apiCalls: metrics.apiCalls } : {}),
            ...(metrics?.throttled === undefined ? {} : { throttled: metrics.throttled }),
            ...(metrics?.callsByOperation ? { callsByOperation: metrics.callsByOperation } : {}),
            retries: sum(retries),
            readinessWaitMs: Math.round(sum(readiness)),
          };
        }),
      };
    },
  };
}
