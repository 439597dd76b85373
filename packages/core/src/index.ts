export { createKusion } from './library/create-kusion.js';
export type {
  Kusion,
  KusionDeployOptions,
  KusionDriftOptions,
  KusionListener,
  KusionOptions,
  KusionPreviewOptions,
  KusionRolloutOptions,
} from './library/create-kusion.js';
export { openEngineBackend, resolveKusionHome, withEngine } from './operations/engine-context.js';
export type { EngineContext, EngineOptions } from './operations/engine-context.js';
export { withScope, withStack } from './operations/stack-session.js';
export type { StackOptions, StackScope, StackSession } from './operations/stack-session.js';
export { generate, graph, preview } from './operations/preview.js';
export type { GenerateResult, GraphResult, PreviewOptions } from './operations/preview.js';
export { deploy, destroy, rollback } from './operations/deploy.js';
export type { DeployOptions, RollbackOptions } from './operations/deploy.js';
export type { ChangeOptions, ReleaseResult } from './operations/run-release.js';
export type { RunOptions } from './run/run.js';
export { DEFAULT_CONCURRENCY } from './run/run.js';
export { rollout } from './operations/rollout.js';
export type { RolloutOptions, RolloutResult } from './operations/rollout.js';
export { listRollouts, showRollout } from './operations/rollouts.js';
export type {
  RolloutDetails,
  RolloutList,
  RolloutQueryOptions,
  RolloutRelease,
} from './operations/rollouts.js';
export { detectDrift } from './operations/drift.js';
export type { DriftOptions, DriftReport } from './operations/drift.js';
export {
  createWorkspace,
  deleteWorkspace,
  listWorkspaces,
  showWorkspace,
  switchWorkspace,
  updateWorkspace,
} from './operations/workspaces.js';
export type {
  WorkspaceFileOptions,
  WorkspaceList,
  WorkspaceUpdateOptions,
} from './operations/workspaces.js';
export { listReleases, showRelease, unlockWorkspace } from './operations/releases.js';
export { rotateSealingKey } from './operations/secrets.js';
export type { SealingKeyRotation } from './operations/secrets.js';
export { getConfig, listConfig, setConfig, unsetConfig } from './operations/cli-config.js';
export type { ConfigOptions } from './operations/cli-config.js';
export { createProject, createStack } from './operations/project-scaffold.js';
export type { CreatedFiles } from './operations/project-scaffold.js';
export { listProjects, resourceGraph, showResource } from './operations/release-resources.js';
export type {
  GraphResource,
  KusionGraph,
  ProjectListing,
  ResourceSelection,
  ShownResource,
} from './operations/release-resources.js';
export { listModules, moduleSchema } from './operations/modules.js';
export type {
  ModuleList,
  ModuleOptions,
  ModuleSchemaResult,
  ModuleSummary,
  SchemaSummary,
} from './operations/modules.js';
export { initModule } from './operations/init-module.js';
export type { InitModuleOptions, InitModuleResult } from './operations/init-module.js';
export { initProject, listTemplates } from './operations/init-project.js';
export type { InitOptions, InitResult, TemplateSummary } from './operations/init-project.js';
export { listPlugins } from './operations/plugins.js';
export type { LoadedPlugin, PluginListing, PluginOrigin } from './operations/plugins.js';
export { affectedStacks } from './deps/affected-stacks.js';
export type {
  AffectedProject,
  AffectedStack,
  AffectedStacks,
  AffectedStacksOptions,
} from './deps/affected-stacks.js';
export { renderScaffold, SCAFFOLD_TOOL_VERSIONS, templateDir } from './scaffold/render-scaffold.js';
export type { ScaffoldFile, ScaffoldKind, ScaffoldOptions } from './scaffold/render-scaffold.js';
export { writeScaffold } from './scaffold/write-scaffold.js';
export type { WriteScaffoldOptions, WrittenScaffold } from './scaffold/write-scaffold.js';
export type { GraphDocument, GraphFormat } from './graph/render-graph.js';
export { specGraph } from './graph/render-graph.js';
export { listProjectStacks } from './config/project-stacks.js';
export type { ProjectStack } from './config/project-stacks.js';
export { createLocalBackend } from './release/local-backend/local-backend.js';
export { describeHolder } from './release/lock-staleness.js';
export { SENSITIVE_MASK } from '@kusion/sdk';
