/**
 * The `aws` provider: resources of type `AWS` are CloudFormation resources, and all of one
 * project + stack + workspace are deployed as one CloudFormation stack through the batch form.
 * See README.md for the resource format and the behaviour of each operation.
 */
import { ProviderError } from '@kusion/sdk';
import type { Provider, ProviderContext } from '@kusion/sdk';
import { applyStack } from './apply/batch-apply.js';
import { applyOne, deleteOne, planOne, readOne } from './apply/single-resource.js';
import { destroyStacks } from './apply/stack-destroy.js';
import { createAwsClients } from './aws-clients.js';
import { readLive } from './live/live-reader.js';
import { deriveStackName } from './model/stack-name.js';
import { validateResources } from './model/validation.js';
import { planStack } from './plan/batch-plan.js';
import { createProviderEnvironment, discardPrepared } from './provider-environment.js';
import type { ProviderEnvironment } from './provider-environment.js';
import { parseProviderSettings } from './settings.js';

export function createAwsProvider(): Provider {
  let environment: ProviderEnvironment | undefined;
  const configured = (): ProviderEnvironment => {
    if (!environment)
      throw new ProviderError('provider "aws" was used before configure', {
        hint: 'this is a bug in the caller: call configure first',
      });
    return environment;
  };
  const stackNameOf = (context: ProviderContext): string =>
    environment?.stackName ?? deriveStackName(context);

  return {
    configure({ settings, context }) {
      const parsed = parseProviderSettings(settings);
      environment = createProviderEnvironment(
        parsed,
        createAwsClients(parsed),
        context,
        parsed.stackName ?? deriveStackName(context),
      );
      return Promise.resolve();
    },
    validate({ resources, context }) {
      return Promise.resolve(validateResources(resources, stackNameOf(context)));
    },
    read: (request) => readOne(configured(), request),
    readMany: ({ items, io, signal }) => readLive(configured(), items, io, signal),
    plan: (request) => planOne(configured(), request),
    apply: (request) => applyOne(configured(), request),
    delete: (request) => deleteOne(configured(), request),
    batch: {
      plan: (request) => planStack(configured(), request),
      apply: (request) => applyStack(configured(), request),
      destroy: (request) => destroyStacks(configured(), request),
    },
    async close() {
      if (!environment) return;
      const closing = environment;
      try {
        await discardPrepared(closing, AbortSignal.timeout(60_000));
      } finally {
        closing.clients.destroy();
      }
    },
  };
}
