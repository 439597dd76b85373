/**
 * The plugin the engine loads from `@kusion/provider-terraform`: provider `terraform`, which owns
 * Kusion's resource type `Terraform`, registered through the same API a third party uses.
 */
import { definePlugin } from '@kusion/sdk';
import { RESOURCE_TYPE } from './model/terraform-resource.js';
import { createTerraformProvider } from './terraform-provider.js';

export const terraformPlugin = definePlugin({
  name: 'provider-terraform',
  apply(host) {
    host.registerProvider({
      name: 'terraform',
      resourceTypes: [RESOURCE_TYPE],
      create: (request) => createTerraformProvider(request),
    });
  },
});
