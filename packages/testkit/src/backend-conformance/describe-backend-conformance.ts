/** Registers the backend conformance checks as vitest tests, one per rule. */
import { describe, it } from 'vitest';
import { backendConformanceChecks } from './backend-conformance-checks.js';
import { runBackendConformanceCheck } from './run-backend-conformance-check.js';
import type { BackendConformanceOptions } from './types.js';

export function describeBackendConformance(options: BackendConformanceOptions): void {
  const testOptions = options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };
  describe(`backend conformance: ${options.name}`, () => {
    for (const check of backendConformanceChecks) {
      // A check this backend cannot run shows as skipped, never as passed.
      const register = check.needsChildProcess && !options.childProcess ? it.skip : it;
      register(`${check.name}: ${check.title}`, testOptions, async (context) => {
        const result = await runBackendConformanceCheck(check, options);
        if (result) context.skip(result.skipped);
      });
    }
  });
}
