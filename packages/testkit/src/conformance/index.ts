export { batchConformanceChecks, conformanceChecks } from './conformance-checks.js';
export { describeProviderConformance } from './describe-provider-conformance.js';
export { createBatchDriver } from './batch-driver.js';
export type { BatchApplyOptions, BatchDriver } from './batch-driver.js';
export { createProviderDriver, stateOf } from './provider-driver.js';
export type { ProviderDriver } from './provider-driver.js';
export { runBatchConformanceCheck, runConformanceCheck } from './run-conformance-check.js';
export type {
  AnyConformanceOptions,
  BatchConformanceCheck,
  BatchConformanceFixtures,
  BatchConformanceTarget,
  BatchProviderConformanceOptions,
  ConformanceCheck,
  ConformanceCheckResult,
  ConformanceFixtureFactory,
  ConformanceFixtures,
  ConformanceTarget,
  FixtureFactory,
  ProviderConformanceOptions,
} from './types.js';
