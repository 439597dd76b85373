/** Registers the conformance checks as vitest tests, one per rule. */
import { describe, it } from 'vitest';
import { conformanceChecks } from './conformance-checks.js';
import { runConformanceCheck } from './run-conformance-check.js';
import type { ProviderConformanceOptions } from './types.js';

export function describeProviderConformance(options: ProviderConformanceOptions): void {
  const testOptions = options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };
  describe(`provider conformance: ${options.name}`, () => {
    for (const check of conformanceChecks) {
      it(`${check.name}: ${check.title}`, testOptions, async (context) => {
        const result = await runConformanceCheck(check, options);
        if (result) context.skip(result.skipped);
      });
    }
  });
}
