/**
 * The `aws` provider, a batch provider: resources of type `AWS` are CloudFormation resources, and
 * all of one project + stack + workspace are deployed as one CloudFormation stack. See README.md
 * for the resource format and the behaviour of each operation.
 */
import type { BatchProvider, ProviderFactoryRequest } from '@kusion/sdk';
import { applyStack } from './apply/batch-apply.js';
import { destroyStacks } from './apply/stack-destroy.js';
import { createAwsClients } from './aws-clients.js';
import { readLive } from './live/live-reader.js';
import { deriveStackName } from './model/stack-name.js';
import { validateResources } from './model/validation.js';
import { planStack } from './plan/batch-plan.js';
import { createProviderEnvironment, discardPrepared } from './provider-environment.js';
import { parseProviderSettings } from './settings.js';

/** A provider for the account and region the workspace settings name; clients connect lazily. */
export function createAwsProvider(
  request: Pick<ProviderFactoryRequest, 'settings' | 'context'>,
): BatchProvider {
  const settings = parseProviderSettings(request.settings);
  const stackName = settings.stackName ?? deriveStackName(request.context);
  const environment = createProviderEnvironment(
    settings,
    createAwsClients(settings),
    request.context,
    stackName,
  );

  return {
    kind: 'batch',
    validate: ({ resources }) => Promise.resolve(validateResources(resources, stackName)),
    plan: (planRequest) => planStack(environment, planRequest),
    apply: (applyRequest) => applyStack(environment, applyRequest),
    delete: (deleteRequest) => destroyStacks(environment, deleteRequest),
    read: async ({ items, io, signal }) => ({
      live: await readLive(environment, items, io, signal),
    }),
    metrics: () => environment.clients.metrics(),
    async close() {
      try {
        await discardPrepared(environment, AbortSignal.timeout(60_000));
      } finally {
        environment.clients.destroy();
      }
    },
  };
}
