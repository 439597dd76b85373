export { terraformPlugin as default, terraformPlugin } from './plugin.js';
export { createTerraformProvider } from './terraform-provider.js';
export { buildRootModule } from './model/root-module.js';
export type { RootModule, RootModuleRequest } from './model/root-module.js';
export { parseTerraformResource, RESOURCE_TYPE } from './model/terraform-resource.js';
export type { TerraformResource } from './model/terraform-resource.js';
export { mapPlan } from './plan/plan-mapping.js';
export { SEALED_STATE_ATTRIBUTE } from './state/sealed-state.js';
export type { TerraformSettings } from './settings.js';
