export { backendConformanceChecks } from './backend-conformance-checks.js';
export { describeBackendConformance } from './describe-backend-conformance.js';
export { runBackendConformanceCheck } from './run-backend-conformance-check.js';
export {
  sampleHolder,
  sampleLockScope,
  sampleRelease,
  sampleResource,
  sampleScope,
} from './samples.js';
export type {
  BackendConformanceCheck,
  BackendConformanceOptions,
  BackendStorage,
  BackendTarget,
} from './types.js';
