/**
 * Resource groups: looked up before a what-if (a missing group cannot take one), created when a
 * deploy needs one (in `providers.azure.location`, else the location of its first resource, with
 * Kusion's ownership tags), and deleted whole only when the workspace says Kusion owns them.
 */
import { ProviderError } from '@kusion/sdk';
import type { ProviderContext, Resource } from '@kusion/sdk';
import { call } from '../arm/azure-errors.js';
import { isArmExpression } from '../model/azure-resource.js';
import { ownershipTags } from '../model/tagging.js';
import type { ProviderEnvironment } from '../provider-environment.js';

export async function groupExists(
  environment: ProviderEnvironment,
  name: string,
  signal: AbortSignal,
): Promise<boolean> {
  const answer = await call(`looking up resource group ${name}`, () =>
    environment.clients.resources.resourceGroups.checkExistence(name, { abortSignal: signal }),
  );
  return answer.body;
}

/** Creates the group when it is missing; answers whether it did. */
export async function ensureGroup(
  environment: ProviderEnvironment,
  name: string,
  members: readonly Resource[],
  context: ProviderContext,
  signal: AbortSignal,
): Promise<boolean> {
  if (await groupExists(environment, name, signal)) return false;
  const location = environment.settings.location ?? firstLocation(members);
  if (location === undefined)
    throw new ProviderError(
      `resource group ${name} does not exist and Kusion does not know where to create it`,
      {
        hint: 'set providers.azure.location in the workspace (or a location on the resources), or create the group',
      },
    );
  await call(`creating resource group ${name}`, () =>
    environment.clients.resources.resourceGroups.createOrUpdate(
      name,
      { location, tags: ownershipTags(context) },
      { abortSignal: signal },
    ),
  );
  return true;
}

function firstLocation(members: readonly Resource[]): string | undefined {
  for (const member of members) {
    const location = member.attributes['location'];
    if (typeof location === 'string' && !isArmExpression(location)) return location;
  }
  return undefined;
}

/** Deletes a whole group and waits until it is gone; a group already gone is fine. */
export async function deleteGroup(
  environment: ProviderEnvironment,
  name: string,
  signal: AbortSignal,
): Promise<void> {
  if (!(await groupExists(environment, name, signal))) return;
  await call(`deleting resource group ${name}`, () =>
    environment.clients.resources.resourceGroups
      .delete(name, {
        updateIntervalInMs: environment.settings.pollIntervalMs,
        abortSignal: signal,
      })
      .pollUntilDone({ abortSignal: signal }),
  );
}
