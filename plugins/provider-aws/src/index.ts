export { awsPlugin as default, awsPlugin } from './plugin.js';
export { createAwsProvider } from './aws-provider.js';
export { createSecretsManagerStore } from './secrets-manager-store.js';
export { logicalIdOf } from './model/logical-ids.js';
export { deriveStackName } from './model/stack-name.js';
export { TAGGABLE_TYPES } from './model/tagging.js';
export type { TagForm } from './model/tagging.js';
export type { ConnectionSettings, ProviderSettings } from './settings.js';
