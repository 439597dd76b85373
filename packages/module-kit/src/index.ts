export {
  accessoryName,
  envName,
  kubernetesName,
  labelValue,
  namespaceOf,
  uniqueAppLabels,
  uniqueAppName,
} from './naming.js';
export { groupVersionKind, kubernetesResource, withoutUndefined } from './kubernetes-resource.js';
export type { KubernetesManifest, KubernetesResourceOptions } from './kubernetes-resource.js';
export { awsAttribute, awsResource, awsResourceId } from './aws-resource.js';
export type { AwsResourceOptions, DeletionPolicy } from './aws-resource.js';
export { azureAttribute, azureResource, azureResourceId } from './azure-resource.js';
export type { AzureResourceOptions } from './azure-resource.js';
export { appSettingError, partPath, platformSettingError } from './settings-error.js';
export { envPrefixOf } from './env-prefix.js';
export { isSecretReference, parseSecretReference } from './secret-reference.js';
export type { SecretKeyReference } from './secret-reference.js';
export * from './workload/index.js';
export * from './database/index.js';
