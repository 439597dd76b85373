export { backendConformanceChecks } from './backend-conformance-checks.js';
export { describeBackendConformance } from './describe-backend-conformance.js';
export { runBackendConformanceCheck } from './run-backend-conformance-check.js';
export {
  sampleHolder,
  sampleLockScope,
  sampleRelease,
  sampleResource,
  sampleScope,
  sampleWriter,
} from './samples.js';
export type { SampleWriter } from './samples.js';
export type {
  BackendConformanceCheck,
  BackendConformanceOptions,
  BackendStorage,
  BackendTarget,
  ChildProcessOptions,
} from './types.js';
