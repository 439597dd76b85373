export { azurePlugin as default, azurePlugin } from './plugin.js';
export { createAzureProvider } from './azure-provider.js';
export { deriveDeploymentName } from './model/deployment-name.js';
export { buildTemplate } from './model/template.js';
export type { ArmTemplate, BuiltTemplate, TemplateRequest } from './model/template.js';
export type { AzureTarget } from './model/azure-resource.js';
export type { ProviderSettings } from './settings.js';
