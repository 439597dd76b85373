/** Registers the conformance checks as vitest tests, one per rule, for either provider kind. */
import { describe, it } from 'vitest';
import { batchConformanceChecks, conformanceChecks } from './conformance-checks.js';
import { runBatchConformanceCheck, runConformanceCheck } from './run-conformance-check.js';
import type { AnyConformanceOptions, ConformanceCheckResult } from './types.js';

export function describeProviderConformance(options: AnyConformanceOptions): void {
  const testOptions = options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };
  const kind = options.kind ?? 'resource';
  describe(`provider conformance (${kind}): ${options.name}`, () => {
    const checks: { name: string; title: string; run: () => Promise<ConformanceCheckResult> }[] =
      options.kind === 'batch'
        ? batchConformanceChecks.map((check) => ({
            ...check,
            run: () => runBatchConformanceCheck(check, options),
          }))
        : conformanceChecks.map((check) => ({
            ...check,
            run: () => runConformanceCheck(check, options),
          }));
    for (const check of checks) {
      it(`${check.name}: ${check.title}`, testOptions, async (context) => {
        const result = await check.run();
        if (result) context.skip(result.skipped);
      });
    }
  });
}
