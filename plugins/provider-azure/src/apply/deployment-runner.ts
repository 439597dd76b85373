/**
 * Runs one template deployment (incremental mode) and follows it: the long-running operation
 * until it ends, and meanwhile the deployment's operations, one per resource, reported as
 * progress (`deploying`, `created`, `updated`, `failed: <code>`). Answers the deployment as ARM
 * ends it, with its operations, whether it succeeded or failed.
 */
import type { DeploymentExtended, DeploymentOperation } from '@azure/arm-resourcesdeployments';
import { CancelledError } from '@kusion/sdk';
import { call, toProviderError } from '../arm/azure-errors.js';
import { pause } from '../arm/polling.js';
import { deploymentProperties } from '../model/template.js';
import type { BuiltTemplate } from '../model/template.js';
import type { ProviderEnvironment } from '../provider-environment.js';

export interface DeploymentRun {
  readonly isSucceeded: boolean;
  readonly deployment: DeploymentExtended;
  readonly operations: readonly DeploymentOperation[];
}

export interface RunDeploymentRequest {
  readonly environment: ProviderEnvironment;
  readonly resourceGroup: string;
  /** The template, and the secure parameters' values sent beside it. */
  readonly built: BuiltTemplate;
  readonly signal: AbortSignal;
  /** Told each change of a resource operation's state, by lower-case ARM id. */
  readonly onProgress: (armId: string, status: string) => void;
}

export async function runDeployment(request: RunDeploymentRequest): Promise<DeploymentRun> {
  const { environment, resourceGroup, built, signal } = request;
  const { deploymentName } = environment;
  const deployments = environment.clients.deployments;
  const interval = environment.settings.pollIntervalMs;
  const what = `deployment ${deploymentName} in resource group ${resourceGroup}`;
  const poller = deployments.deployments.createOrUpdate(
    resourceGroup,
    deploymentName,
    { properties: deploymentProperties(built) },
    { updateIntervalInMs: interval, abortSignal: signal },
  );
  await call(`starting ${what}`, () => poller.submitted());

  const reported = new Map<string, string>();
  const listOperations = async (): Promise<DeploymentOperation[]> => {
    const operations: DeploymentOperation[] = [];
    for await (const operation of deployments.deploymentOperations.list(
      resourceGroup,
      deploymentName,
      {
        abortSignal: signal,
      },
    ))
      operations.push(operation);
    for (const operation of operations) {
      const armId = operation.properties?.targetResource?.id;
      const status = statusOf(operation);
      if (armId === undefined || status === undefined) continue;
      const key = armId.toLowerCase();
      if (reported.get(key) === status) continue;
      reported.set(key, status);
      request.onProgress(key, status);
    }
    return operations;
  };

  const following: { isDone: boolean } = { isDone: false };
  const watching = (async () => {
    while (!following.isDone) {
      await pause(interval, signal).catch(() => undefined);
      // Set by the `finally` below while this loop waited.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (following.isDone || signal.aborted) return;
      await listOperations().catch(() => undefined); // progress only: the end result is read below
    }
  })();
  try {
    await poller.pollUntilDone({ abortSignal: signal });
  } catch (error) {
    if (signal.aborted)
      throw new CancelledError(`stopped following ${what}; it goes on in Azure until it ends`, {
        cause: error,
      });
    // A failed deployment ends its operation with an error: what failed is read below.
  } finally {
    following.isDone = true;
    await watching;
  }
  const deployment = await call(`reading ${what}`, () =>
    deployments.deployments.get(resourceGroup, deploymentName, { abortSignal: signal }),
  );
  const state = deployment.properties?.provisioningState;
  if (state !== 'Succeeded' && state !== 'Failed' && state !== 'Canceled')
    throw toProviderError(
      new Error(`${what} ended ${state ?? 'without a state'}`),
      `following ${what}`,
    );
  const operations = await call(`listing the operations of ${what}`, listOperations);
  return { isSucceeded: state === 'Succeeded', deployment, operations };
}

function statusOf(operation: DeploymentOperation): string | undefined {
  const properties = operation.properties;
  switch (properties?.provisioningState) {
    case undefined:
      return undefined;
    case 'Succeeded':
      if (properties.provisioningOperation === 'Delete') return 'deleted';
      return properties.statusCode === 'Created' ? 'created' : 'updated';
    case 'Failed': {
      const error = properties.statusMessage?.error;
      return `failed: ${error?.code ?? properties.statusCode ?? 'Error'}`;
    }
    default:
      return 'deploying';
  }
}
