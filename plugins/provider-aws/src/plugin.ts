/**
 * The plugin the engine loads from `@kusion/provider-aws`: provider `aws` (resource type `AWS`)
 * and secret store `aws` (AWS Secrets Manager), registered through the same API a third party uses.
 */
import { definePlugin } from '@kusion/sdk';
import { createAwsProvider } from './aws-provider.js';
import { RESOURCE_TYPE } from './model/aws-resource.js';
import { createSecretsManagerStore } from './secrets-manager-store.js';

export const awsPlugin = definePlugin({
  name: 'provider-aws',
  apply(host) {
    host.registerProvider({
      name: 'aws',
      resourceTypes: [RESOURCE_TYPE],
      create: (request) => createAwsProvider(request),
    });
    host.registerSecretStore({ name: 'aws', create: createSecretsManagerStore });
  },
});
