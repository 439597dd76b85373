export { describeModule } from './describe-module.js';
export type { DescribeModuleOptions } from './describe-module.js';
export { ModuleCheckError, goldenFile, runModuleCase } from './run-module-case.js';
export type { GoldenDocument, RunModuleCaseOptions } from './run-module-case.js';
export {
  generateWithModule,
  moduleRequest,
  SAMPLE_WORKLOAD_SETTINGS,
} from './generate-with-module.js';
export type { GenerateOutcome, ModuleCase } from './generate-with-module.js';
export { loadModule } from './load-module.js';
export type { ModuleSource } from './load-module.js';
export { checkSchemas, checkSettings } from './check-settings.js';
export type { SchemaTarget, SettingsToCheck } from './check-settings.js';
export { checkResources } from './check-resources.js';
export { compareGolden, isGoldenUpdate } from './golden.js';
export type { GoldenOutcome } from './golden.js';
export { sampleWorkload } from './sample-workload.js';
export { accessorySpec, createSpecDeployment, workloadSpec } from './deploy-spec.js';
export type {
  SpecDeployment,
  SpecDeploymentOptions,
  SpecEngine,
  SpecRunOptions,
} from './deploy-spec.js';
