/**
 * `read` / `readMany`: each resource as it is now, in the normal form apply returns. The deployed
 * template says what CloudFormation was asked for; drift detection (or, where the endpoint has
 * none, the services' describe calls) says where reality differs; the stack's resources give the
 * physical ids. One pass per stack, whatever the number of resources.
 */
import type { Attributes, IoHost, Resource, ResourceState } from '@kusion/sdk';
import { conditionOf } from '../cloudformation/stack-status.js';
import { describeStack, getTemplate, listStackResources } from '../cloudformation/stack-reader.js';
import { logicalIdOf } from '../model/logical-ids.js';
import { extraAttributePaths, normalAttributes, templatePartFrom } from '../model/normal-form.js';
import { idsByLogicalId } from '../model/template.js';
import type { ProviderEnvironment } from '../provider-environment.js';
import {
  areOutputsFresh,
  bindingsOfTemplate,
  hashOfTemplate,
  resolveValues,
} from './deployed-values.js';
import { detectDrift } from './drift-detection.js';
import type { DriftReport } from './drift-detection.js';
import { applyDifferences, overlayLive } from './property-overlay.js';
import { SERVICE_READERS } from './service-readers.js';
import type { LiveView } from './service-readers.js';

export interface LiveItem {
  readonly resource: Resource;
  readonly prior?: ResourceState | undefined;
}

export async function readLive(
  environment: ProviderEnvironment,
  items: readonly LiveItem[],
  io: IoHost,
  signal: AbortSignal,
): Promise<Map<string, Attributes | undefined>> {
  const byStack = new Map<string, LiveItem[]>();
  for (const item of items) {
    const recorded = item.prior?.attributes['StackName'];
    const stackName = typeof recorded === 'string' ? recorded : environment.stackName;
    byStack.set(stackName, [...(byStack.get(stackName) ?? []), item]);
  }
  const live = new Map<string, Attributes | undefined>();
  for (const [stackName, stackItems] of byStack) {
    const found = await readStack(environment, stackName, stackItems, io, signal);
    for (const item of stackItems) live.set(item.resource.id, found.get(item.resource.id));
  }
  return live;
}

async function readStack(
  environment: ProviderEnvironment,
  stackName: string,
  items: readonly LiveItem[],
  io: IoHost,
  signal: AbortSignal,
): Promise<Map<string, Attributes | undefined>> {
  const result = new Map<string, Attributes | undefined>();
  const cfn = await environment.clients.cloudFormation();
  const stack = await describeStack(cfn, stackName, signal);
  if (
    !stack ||
    conditionOf(stack.status) === 'missing' ||
    conditionOf(stack.status) === 'review' ||
    conditionOf(stack.status) === 'failed-create'
  ) {
    return result; // nothing deployed
  }
  const template = await getTemplate(cfn, stack.stackId, signal);
  if (!template) return result;
  const resources = await listStackResources(cfn, stack.stackId, signal);
  const ids = idsByLogicalId(template);
  const logicalIds = new Map([...ids].map(([logicalId, id]) => [id, logicalId]));
  const drift = await driftOf(environment, stack.stackId, stackName, io, signal);
  const region = await environment.clients.region();

  const views = new Map<string, Promise<LiveView | undefined>>();
  const view = (logicalId: string): Promise<LiveView | undefined> => {
    let found = views.get(logicalId);
    if (!found) {
      const type = template.Resources[logicalId]?.Type ?? '';
      const physicalId = resources.get(logicalId)?.physicalId;
      const reader = SERVICE_READERS.get(type);
      found =
        reader && physicalId
          ? reader(physicalId, { clients: environment.clients, region, signal })
          : Promise.resolve(undefined);
      views.set(logicalId, found);
    }
    return found;
  };
  const sources = {
    outputs: stack.outputs,
    bindings: bindingsOfTemplate(template, ids),
    isFresh: areOutputsFresh(stack.outputs, hashOfTemplate(template)),
    view,
  };

  for (const item of items) {
    const logicalId = logicalIds.get(item.resource.id) ?? logicalIdOf(item.resource.id);
    const deployed = template.Resources[logicalId];
    const stackResource = resources.get(logicalId);
    if (
      !deployed ||
      !stackResource?.physicalId ||
      /^(DELETE_COMPLETE|CREATE_FAILED)$/.test(stackResource.status)
    )
      continue;
    const resourceDrift = drift.isSupported ? drift.resources.get(logicalId) : undefined;
    if (resourceDrift?.status === 'DELETED') continue;
    let properties = deployed.Properties;
    if (resourceDrift?.status === 'MODIFIED') {
      properties = applyDifferences(properties, resourceDrift.differences);
    } else if (
      !resourceDrift ||
      resourceDrift.status === 'NOT_CHECKED' ||
      resourceDrift.status === 'UNKNOWN'
    ) {
      if (SERVICE_READERS.has(deployed.Type)) {
        const seen = await view(logicalId);
        if (!seen) continue; // deleted outside CloudFormation
        properties = overlayLive(properties, seen.properties);
      }
    }
    const templatePart = templatePartFrom(
      { ...deployed, ...(properties ? { Properties: properties } : {}) },
      ids,
    );
    const physicalId = stackResource.physicalId;
    const { values } = await resolveValues(
      { id: item.resource.id, logicalId, physicalId },
      extraAttributePaths(item.prior?.attributes),
      sources,
    );
    result.set(
      item.resource.id,
      normalAttributes(templatePart, { stackName, logicalId, physicalId, values }),
    );
  }
  return result;
}

/** CloudFormation's drift report, or the reason it has none (said once per run). */
async function driftOf(
  environment: ProviderEnvironment,
  stackId: string,
  stackName: string,
  io: IoHost,
  signal: AbortSignal,
): Promise<DriftReport> {
  const report = await detectDrift(
    await environment.clients.cloudFormation(),
    await environment.clients.cloudFormationOnce(),
    stackId,
    signal,
  );
  if (!report.isSupported && !environment.notices.has('no-drift-detection')) {
    environment.notices.add('no-drift-detection');
    await io.notify({
      level: 'warn',
      code: 'PROVIDER_NOTICE',
      message:
        `CloudFormation drift detection is not available for stack ${stackName} (${report.why}): ` +
        `comparing with the services' own describe calls for ${[...SERVICE_READERS.keys()].join(', ')}; ` +
        'other resource types are checked for presence in the stack only.',
      data: { provider: 'aws' },
    });
  }
  return report;
}
