/**
 * Per-resource outcomes of a stack deployment. On success each resource's attributes are its
 * normal form with `Ref` and every attribute other providers reference; on failure the resource
 * CloudFormation blamed carries its status reason, and every other changed resource says the stack
 * was rolled back and what the rollback did to it.
 */
import type { ResourceChange } from '@aws-sdk/client-cloudformation';
import { declaredSensitivePaths } from '@kusion/sdk';
import type { BatchApplyRequest, BatchApplyResult, BatchOutcome } from '@kusion/sdk';
import type { FailureAnalysis } from '../cloudformation/event-mapping.js';
import { listStackResources } from '../cloudformation/stack-reader.js';
import type { StackInfo } from '../cloudformation/stack-reader.js';
import { areOutputsFresh, resolveValues } from '../live/deployed-values.js';
import { SERVICE_READERS } from '../live/service-readers.js';
import type { LiveView } from '../live/service-readers.js';
import { desiredTemplatePart, normalAttributes } from '../model/normal-form.js';
import { needsOutput } from '../model/template.js';
import type { BuiltTemplate } from '../model/template.js';
import type { ProviderEnvironment } from '../provider-environment.js';

export interface OutcomeContext {
  readonly environment: ProviderEnvironment;
  readonly request: Pick<
    BatchApplyRequest,
    | 'resources'
    | 'priors'
    | 'deletions'
    | 'referencedAttributes'
    | 'context'
    | 'io'
    | 'signal'
    | 'report'
  >;
  readonly built: BuiltTemplate;
  readonly stackName: string;
}

export async function successOutcomes(
  context: OutcomeContext,
  stack: StackInfo | undefined,
): Promise<BatchApplyResult> {
  const { environment, request, built, stackName } = context;
  const { signal } = request;
  const outcomes = new Map<string, BatchOutcome>();
  const cfn = await environment.clients.cloudFormation();
  const resources = await listStackResources(cfn, stack?.stackId ?? stackName, signal);
  const outputs = stack?.outputs ?? new Map<string, string>();
  const isFresh = areOutputsFresh(outputs, built.hash);
  if (!isFresh && built.outputs.length) {
    await request.io.notify({
      level: 'debug',
      code: 'PROVIDER_NOTICE',
      message: `Stack ${stackName}: its Outputs do not match the template just deployed (this endpoint does not refresh them on ExecuteChangeSet); reading referenced attributes from the services.`,
      data: { provider: 'aws' },
    });
  }
  const region = await environment.clients.region();
  const views = new Map<string, Promise<LiveView | undefined>>();
  const view = (logicalId: string): Promise<LiveView | undefined> => {
    const physicalId = resources.get(logicalId)?.physicalId;
    const reader = SERVICE_READERS.get(built.template.Resources[logicalId]?.Type ?? '');
    let found = views.get(logicalId);
    if (!found) {
      found =
        reader && physicalId
          ? reader(physicalId, { clients: environment.clients, region, signal })
          : Promise.resolve(undefined);
      views.set(logicalId, found);
    }
    return found;
  };

  for (const resource of request.resources) {
    const logicalId = built.logicalIds.get(resource.id) ?? resource.id;
    const physicalId = resources.get(logicalId)?.physicalId;
    if (physicalId === undefined) {
      outcomes.set(resource.id, {
        status: 'failed',
        error: `CloudFormation reports no physical resource for ${logicalId} in stack ${stackName}`,
      });
      continue;
    }
    const paths = (request.referencedAttributes.get(resource.id) ?? []).filter(needsOutput);
    const { values, missing } = await resolveValues(
      { id: resource.id, logicalId, physicalId },
      paths,
      { outputs, bindings: built.outputs, isFresh, view },
    );
    if (missing.length) {
      outcomes.set(resource.id, {
        status: 'failed',
        error: `other providers reference ${missing.join(', ')} of ${resource.id}, but the stack Outputs do not hold ${missing.length > 1 ? 'them' : 'it'} and Kusion cannot read ${missing.length > 1 ? 'them' : 'it'} from the service`,
      });
      continue;
    }
    const attributes = normalAttributes(
      desiredTemplatePart(resource, built.logicalIds, request.context),
      { stackName, logicalId, physicalId, values },
    );
    const sensitivePaths = declaredSensitivePaths(resource);
    outcomes.set(
      resource.id,
      sensitivePaths.length
        ? { status: 'succeeded', attributes, sensitivePaths }
        : { status: 'succeeded', attributes },
    );
  }
  const retained: string[] = [];
  for (const id of request.deletions) {
    const prior = request.priors.find((candidate) => candidate.id === id);
    if (prior?.attributes['DeletionPolicy'] === 'Retain') {
      retained.push(id);
      request.report(id, 'retained (DeletionPolicy Retain)');
    }
    outcomes.set(id, { status: 'deleted' });
  }
  if (retained.length) {
    await request.io.notify({
      level: 'info',
      code: 'PROVIDER_NOTICE',
      message: `CloudFormation kept ${retained.join(', ')} (DeletionPolicy Retain): removed from stack ${stackName} and from Kusion's state, not deleted.`,
      data: { provider: 'aws' },
    });
  }
  return { outcomes };
}

export async function failureOutcomes(
  context: OutcomeContext,
  result: {
    readonly stack: StackInfo | undefined;
    readonly changes: readonly ResourceChange[];
    readonly analysis: FailureAnalysis;
  },
): Promise<BatchApplyResult> {
  const { request, built, stackName } = context;
  const { analysis } = result;
  const idOf = (logicalId: string): string =>
    [...built.logicalIds].find(([, candidate]) => candidate === logicalId)?.[0] ?? logicalId;
  const status = result.stack?.status ?? 'failed';
  const blamed = analysis.first
    ? `${idOf(analysis.first.logicalId)} ${analysis.first.status}: ${analysis.first.reason}`
    : (analysis.stackReason ?? `stack ended ${status}`);
  const changed = new Set(result.changes.map((change) => change.LogicalResourceId ?? ''));
  const outcomes = new Map<string, BatchOutcome>();
  const prior = new Map(request.priors.map((state) => [state.id, state]));

  for (const resource of request.resources) {
    const logicalId = built.logicalIds.get(resource.id) ?? resource.id;
    const own = analysis.failed.get(logicalId);
    const rollback = analysis.rolledBack.get(logicalId);
    if (own !== undefined && analysis.first?.logicalId === logicalId) {
      outcomes.set(resource.id, {
        status: 'failed',
        error: `${own}${rollback ? ` (${rollback})` : ''}`,
      });
    } else if (changed.has(logicalId) || own !== undefined || !prior.has(resource.id)) {
      outcomes.set(resource.id, {
        status: 'failed',
        error: `not applied: stack ${stackName} was rolled back (${status}) after ${blamed}${rollback ? `; ${resource.id} was ${rollback}` : ''}`,
      });
    } else {
      const recorded = prior.get(resource.id);
      if (recorded)
        outcomes.set(resource.id, { status: 'succeeded', attributes: recorded.attributes });
    }
    const line = outcomes.get(resource.id);
    if (line?.status === 'failed') request.report(resource.id, rollback ?? 'failed');
  }
  for (const id of request.deletions) {
    outcomes.set(id, {
      status: 'failed',
      error: `not deleted: stack ${stackName} was rolled back (${status}) after ${blamed}`,
    });
  }
  const rolledBack = [...analysis.rolledBack].map(
    ([logicalId, what]) => `${idOf(logicalId)} (${what})`,
  );
  await request.io.notify({
    level: 'error',
    code: 'PROVIDER_NOTICE',
    message: `Deploying stack ${stackName} failed: ${blamed}. The stack is ${status}${rolledBack.length ? `; CloudFormation rolled back ${rolledBack.join(', ')}` : ''}.`,
    data: { provider: 'aws' },
  });
  return { outcomes };
}
