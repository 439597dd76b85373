export { conformanceChecks } from './conformance-checks.js';
export { describeProviderConformance } from './describe-provider-conformance.js';
export { createProviderDriver, stateOf } from './provider-driver.js';
export type { ProviderDriver } from './provider-driver.js';
export { runConformanceCheck } from './run-conformance-check.js';
export type {
  ConformanceCheck,
  ConformanceCheckResult,
  ConformanceFixtureFactory,
  ConformanceFixtures,
  ConformanceTarget,
  ProviderConformanceOptions,
} from './types.js';
