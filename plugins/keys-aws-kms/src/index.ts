export {
  kmsKeysPlugin as default,
  kmsKeysPlugin,
  kmsKeyServiceRegistration,
  KMS_KEY_SERVICE,
} from './plugin.js';
export { createKmsKeyService, ENCRYPTION_CONTEXT } from './kms-key-service.js';
export { parseKmsSettings } from './settings.js';
export type { KmsSettings } from './settings.js';
