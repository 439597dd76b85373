/**
 * The `azure` provider, a batch provider: resources of type `Azure` are ARM resources, and those
 * of one project + stack + workspace in one resource group are deployed as one incremental
 * template deployment. See README.md for the resource format and what each operation does.
 */
import type { BatchProvider, DependencyInference, ProviderFactoryRequest } from '@kusion/sdk';
import { createAzureClients } from './arm/azure-clients.js';
import { applyBatch } from './apply/batch-apply.js';
import { destroyBatch } from './apply/destroy.js';
import { readBatch } from './live/live-reader.js';
import { RESOURCE_TYPE } from './model/azure-resource.js';
import { deriveDeploymentName } from './model/deployment-name.js';
import { targetsOf } from './model/targets.js';
import { nearestAncestor } from './model/template.js';
import { validateResources } from './model/validation.js';
import { planBatch } from './plan/batch-plan.js';
import type { ProviderEnvironment } from './provider-environment.js';
import { parseProviderSettings } from './settings.js';

/** A provider for the subscription the workspace settings name; nothing is called until used. */
export function createAzureProvider(
  request: Pick<ProviderFactoryRequest, 'settings' | 'context'>,
): BatchProvider {
  const settings = parseProviderSettings(request.settings);
  const environment: ProviderEnvironment = {
    settings,
    clients: createAzureClients(settings, request.context.projectDir),
    context: request.context,
    deploymentName: settings.deploymentName ?? deriveDeploymentName(request.context),
    defaults: { subscriptionId: settings.subscriptionId, resourceGroup: settings.resourceGroup },
  };

  return {
    kind: 'batch',
    validate: ({ resources }) =>
      Promise.resolve(validateResources(resources, environment.defaults)),
    inferDependencies: ({ resources }): DependencyInference => {
      const own = resources.filter((resource) => resource.type === RESOURCE_TYPE);
      const targets = targetsOf(own, environment.defaults);
      const edges = own.flatMap((resource) => {
        const target = targets.get(resource.id);
        const parent = target && nearestAncestor(target, own, targets);
        return parent === undefined ? [] : [{ dependent: resource.id, dependency: parent }];
      });
      return { edges };
    },
    plan: (planRequest) => planBatch(environment, planRequest),
    apply: (applyRequest) => applyBatch(environment, applyRequest),
    delete: (deleteRequest) => destroyBatch(environment, deleteRequest),
    read: async (readRequest) => ({ live: await readBatch(environment, readRequest) }),
  };
}
