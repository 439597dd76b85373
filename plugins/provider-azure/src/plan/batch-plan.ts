/**
 * The batch plan: per resource group, the template is built from the desired resources (shown
 * with `--detail`), and the deployment's what-if says, per resource, what a deploy would do. A
 * group that does not exist yet cannot take a what-if: everything in it is a create. Nothing is
 * written: what-if never deploys.
 */
import type { WhatIfChange } from '@azure/arm-resourcesdeployments';
import {
  createFieldMatcher,
  declaredSensitivePaths,
  maskSensitive,
  ProviderError,
} from '@kusion/sdk';
import type { BatchPlanRequest, BatchPlanResult, IoHost, Resource } from '@kusion/sdk';
import { call, throwIfAborted } from '../arm/azure-errors.js';
import { priorTargetOf, targetsOf } from '../model/targets.js';
import { referencedPaths } from '../model/references.js';
import { changedSecretPaths } from '../model/secret-digests.js';
import { orderResourceGroups } from '../model/resource-groups.js';
import {
  buildTemplate,
  deploymentProperties,
  needsOutput,
  templateText,
} from '../model/template.js';
import type { ArmTemplate, BuiltTemplate } from '../model/template.js';
import type { ProviderEnvironment } from '../provider-environment.js';
import { groupExists } from '../apply/resource-groups.js';
import { mapChanges } from './change-mapping.js';
import type { DesiredMember } from './change-mapping.js';

export async function planBatch(
  environment: ProviderEnvironment,
  request: BatchPlanRequest,
): Promise<BatchPlanResult> {
  const { signal } = request;
  throwIfAborted(signal);
  const targets = targetsOf(request.resources, environment.defaults);
  const priorById = new Map(request.priors.map((prior) => [prior.id, prior]));
  const referenced = referencedPaths(request.resources, request.referencedAttributes);
  const desired: DesiredMember[] = [];
  for (const resource of request.resources) {
    const target = targets.get(resource.id);
    if (!target) throw new Error(`no target for ${resource.id}`);
    const prior = priorById.get(resource.id);
    const unknownPaths = request.unknownPaths.get(resource.id) ?? [];
    desired.push({
      resource,
      target,
      prior,
      priorTarget: prior ? priorTargetOf(prior, environment.defaults) : undefined,
      outputPaths: (referenced.get(resource.id) ?? []).filter((path) =>
        needsOutput(resource, target, path),
      ),
      unknownPaths,
      changedSecrets: prior
        ? await changedSecretPaths(resource, prior.attributes, unknownPaths)
        : [],
    });
  }
  const desiredIds = new Set(request.resources.map((resource) => resource.id));
  const removed = request.priors.filter((prior) => !desiredIds.has(prior.id));

  const changes = new Map<string, WhatIfChange>();
  const missingGroups = new Set<string>();
  const order = orderResourceGroups(request.resources, targets);
  for (const group of 'groups' in order ? order.groups : []) {
    throwIfAborted(signal);
    if (!(await groupExists(environment, group.name, signal))) {
      missingGroups.add(group.name.toLowerCase());
      continue;
    }
    const built = buildTemplate({
      resourceGroup: group.name,
      members: group.members,
      targets,
      referencedAttributes: referenced,
      context: request.context,
      location: environment.settings.location,
    });
    await showTemplate(
      request.io,
      environment.deploymentName,
      group.name,
      built.template,
      group.members,
    );
    for (const change of await whatIf(environment, group.name, built, signal))
      if (change.resourceId !== undefined) changes.set(change.resourceId.toLowerCase(), change);
  }
  return { changes: mapChanges({ desired, changes, removed, missingGroups }) };
}

async function whatIf(
  environment: ProviderEnvironment,
  resourceGroup: string,
  built: BuiltTemplate,
  signal: AbortSignal,
): Promise<readonly WhatIfChange[]> {
  const { deploymentName } = environment;
  const result = await call(
    `what-if of deployment ${deploymentName} in resource group ${resourceGroup}`,
    () =>
      environment.clients.deployments.deployments.whatIf(
        resourceGroup,
        deploymentName,
        {
          properties: {
            ...deploymentProperties(built),
            whatIfSettings: { resultFormat: 'FullResourcePayloads' },
          },
        },
        { updateIntervalInMs: environment.settings.pollIntervalMs, abortSignal: signal },
      ),
  );
  if (result.error) {
    const error = result.error;
    throw new ProviderError(
      `what-if of deployment ${deploymentName} in resource group ${resourceGroup} failed: ${error.code ?? 'Error'}: ${error.message ?? ''}`,
      {
        hint: 'ARM refused the template Kusion generated: the message names the resource and property',
      },
    );
  }
  return result.changes ?? [];
}

/** The template as the user may see it (`kusion preview --detail`), secret paths masked. */
async function showTemplate(
  io: IoHost,
  deploymentName: string,
  resourceGroup: string,
  template: ArmTemplate,
  members: readonly Resource[],
): Promise<void> {
  const masked = structuredClone(template) as unknown as { resources: Record<string, unknown>[] };
  for (const [index, resource] of masked.resources.entries()) {
    const comment = resource['comments'];
    const member = members.find((candidate) => comment === `kusion: ${candidate.id}`);
    const matcher = createFieldMatcher(member ? declaredSensitivePaths(member) : []);
    if (!matcher.isEmpty)
      masked.resources[index] = maskSensitive(resource, matcher) as Record<string, unknown>;
  }
  const title = `ARM template of deployment ${deploymentName} in resource group ${resourceGroup}`;
  await io.notify({
    level: 'info',
    code: 'PROVIDER_DETAIL',
    message: title,
    data: { title, text: templateText(masked as unknown as ArmTemplate) },
  });
}
