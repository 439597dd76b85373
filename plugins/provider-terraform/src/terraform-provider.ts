/**
 * The `terraform` provider, a batch provider: Kusion's `type: Terraform` resources of a project,
 * stack and workspace become one generated Terraform root module, planned, applied and destroyed
 * with one Terraform run each. See README.md for the resource format and each operation.
 */
import type { BatchProvider, ProviderFactoryRequest } from '@kusion/sdk';
import { applyStack, destroyStack } from './apply/batch-apply.js';
import { readLive } from './live/drift-read.js';
import { validateTerraformResources } from './model/terraform-resource.js';
import { planStack } from './plan/batch-plan.js';
import { parseSettings } from './settings.js';
import type { ProviderEnvironment } from './stack-module.js';

export function createTerraformProvider(
  request: Pick<ProviderFactoryRequest, 'settings' | 'context' | 'sealer'>,
): BatchProvider {
  const environment: ProviderEnvironment = {
    settings: parseSettings(request.settings, request.context.projectDir),
    sealer: request.sealer,
    notices: new Set(),
  };
  return {
    kind: 'batch',
    validate: ({ resources }) => Promise.resolve(validateTerraformResources(resources)),
    plan: (planRequest) => planStack(environment, planRequest),
    apply: (applyRequest) => applyStack(environment, applyRequest),
    delete: (deleteRequest) => destroyStack(environment, deleteRequest),
    read: (readRequest) => readLive(environment, readRequest),
  };
}
