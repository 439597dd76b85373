/** The plugin the engine loads for `sealing: { service: aws-kms }`: it registers the key service. */
import { definePlugin } from '@kusion/sdk';
import type { KeyServiceRegistration } from '@kusion/sdk';
import { createKmsKeyService } from './kms-key-service.js';
import { parseKmsSettings } from './settings.js';

export const KMS_KEY_SERVICE = 'aws-kms';

export const kmsKeyServiceRegistration: KeyServiceRegistration = {
  name: KMS_KEY_SERVICE,
  create: (settings, context) =>
    createKmsKeyService(parseKmsSettings(settings, context.where), context),
};

export const kmsKeysPlugin = definePlugin({
  name: 'keys-aws-kms',
  apply(host) {
    host.registerKeyService(kmsKeyServiceRegistration);
  },
});
