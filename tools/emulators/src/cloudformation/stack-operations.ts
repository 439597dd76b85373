/**
 * ExecuteChangeSet and DeleteStack, with the per-resource events moto does not record. A change
 * set whose template has a resource tagged `interposer:fail` among its changes is not sent to moto:
 * its failure and rollback are simulated instead. Secrets, which moto's CloudFormation does not
 * model, are created and deleted in its Secrets Manager alongside (`secret-stand-in.ts`).
 */
import {
  addEvents,
  cfn,
  describeStack,
  stackResources,
  upstreamEvents,
  xmlAnswer,
} from './action-context.ts';
import type { ActionContext, ActionHandler, Answer } from './action-context.ts';
import { simulateFailure } from './failure-simulation.ts';
import type { PlannedChange } from './failure-simulation.ts';
import { find, queryResponse, textOf } from './query-xml.ts';
import type { EventDraft } from './stack-events.ts';
import { eventsBetween, micros } from './stack-events.ts';
import { createSecrets, deleteSecrets } from './secret-stand-in.ts';
import { dependencyOrder, fromMotoTemplate, parseTemplate, resourcesOf } from './template-rules.ts';
import type { UpstreamResponse } from './upstream.ts';

export const executeChangeSet: ActionHandler = async (context) => {
  const changeSetName = context.params.get('ChangeSetName') ?? '';
  const stackParam = context.params.get('StackName') ?? '';
  const described = await cfn(context, 'DescribeChangeSet', {
    ChangeSetName: changeSetName,
    ...(stackParam ? { StackName: stackParam } : {}),
  });
  const stack = await describeStack(context, textOf(described, 'StackId') ?? stackParam);
  if (!stack) return upstreamAnswer(await context.forward());
  const body =
    context.state.changeSetTemplates.get(textOf(described, 'ChangeSetId') ?? changeSetName) ??
    context.state.changeSetTemplates.get(
      `${stack.stackName}|${textOf(described, 'ChangeSetName') ?? changeSetName}`,
    );
  const template = new Map(resourcesOf(body).map((resource) => [resource.logicalId, resource]));
  const isCreate = stack.status === 'REVIEW_IN_PROGRESS';
  const before = isCreate
    ? new Map<string, { readonly physicalId: string; readonly type: string }>()
    : await stackResources(context, stack.stackId);
  const changes: PlannedChange[] = (find(described, 'Changes')?.children ?? []).flatMap(
    (member) => {
      const change = find(member, 'ResourceChange');
      const logicalId = textOf(change, 'LogicalResourceId');
      if (!change || logicalId === undefined) return [];
      const action = textOf(change, 'Action') ?? 'Modify';
      return [
        {
          logicalId,
          type: textOf(change, 'ResourceType') ?? '',
          action,
          physicalId: before.get(logicalId)?.physicalId,
          failure: action === 'Remove' ? undefined : template.get(logicalId)?.failure,
        },
      ];
    },
  );
  const order =
    body === undefined ? changes.map((change) => change.logicalId) : dependencyOrder(body);
  const ordered = order.flatMap((logicalId) =>
    changes.filter((change) => change.logicalId === logicalId && change.action !== 'Remove'),
  );
  const removals = changes.filter((change) => change.action === 'Remove');

  if (ordered.some((change) => change.failure !== undefined)) {
    const failure = simulateFailure(stack, isCreate, ordered);
    addEvents(context.state, stack.stackId, failure.events);
    context.state.overrides.set(stack.stackId, { status: failure.status, reason: failure.reason });
    return xmlAnswer(queryResponse('ExecuteChangeSet', ''));
  }

  const oldTemplate = isCreate
    ? undefined
    : textOf(await cfn(context, 'GetTemplate', { StackName: stack.stackId }), 'TemplateBody');
  const retained = new Set(
    resourcesOf(oldTemplate)
      .filter((resource) => resource.deletionPolicy === 'Retain')
      .map((resource) => resource.logicalId),
  );
  const answer = await context.forward();
  if (answer.status !== 200) return upstreamAnswer(answer);
  context.state.overrides.delete(stack.stackId);
  await createSecrets(context, parseTemplate(body), stack.stackName);
  const after = await stackResources(context, stack.stackId);
  const drafts: EventDraft[] = [];
  for (const change of [...ordered, ...removals]) {
    const physicalId = after.get(change.logicalId)?.physicalId ?? change.physicalId ?? '';
    const verb =
      change.action === 'Add' ? 'CREATE' : change.action === 'Remove' ? 'DELETE' : 'UPDATE';
    drafts.push({
      logicalId: change.logicalId,
      physicalId,
      type: change.type,
      status: `${verb}_IN_PROGRESS`,
    });
    const skipped = verb === 'DELETE' && retained.has(change.logicalId);
    drafts.push({
      logicalId: change.logicalId,
      physicalId,
      type: change.type,
      status: skipped ? 'DELETE_SKIPPED' : `${verb}_COMPLETE`,
    });
  }
  await addBetweenStackEvents(context, stack, drafts);
  return upstreamAnswer(answer);
};

export const deleteStack: ActionHandler = async (context) => {
  const stack = await describeStack(context, context.params.get('StackName') ?? '');
  if (!stack || stack.status === 'DELETE_COMPLETE') return upstreamAnswer(await context.forward());
  const hasResources = stack.status !== 'REVIEW_IN_PROGRESS';
  const body = hasResources
    ? textOf(await cfn(context, 'GetTemplate', { StackName: stack.stackId }), 'TemplateBody')
    : undefined;
  const template = resourcesOf(body === undefined ? undefined : fromMotoTemplate(body));
  const resources = hasResources
    ? await stackResources(context, stack.stackId)
    : new Map<string, { readonly physicalId: string; readonly type: string }>();
  const answer = await context.forward();
  if (answer.status !== 200) return upstreamAnswer(answer);
  context.state.overrides.delete(stack.stackId);
  await deleteSecrets(context, parseTemplate(body), stack.stackName);
  const drafts: EventDraft[] = [];
  for (const resource of [...template].reverse()) {
    const physicalId = resources.get(resource.logicalId)?.physicalId ?? '';
    const isRetained =
      resource.deletionPolicy === 'Retain' || resource.deletionPolicy === 'RetainExceptOnCreate';
    drafts.push({
      logicalId: resource.logicalId,
      physicalId,
      type: resource.type,
      status: isRetained ? 'DELETE_SKIPPED' : 'DELETE_IN_PROGRESS',
    });
    if (!isRetained)
      drafts.push({
        logicalId: resource.logicalId,
        physicalId,
        type: resource.type,
        status: 'DELETE_COMPLETE',
      });
  }
  await addBetweenStackEvents(context, stack, drafts);
  return upstreamAnswer(answer);
};

/** Places resource events between moto's last two stack events (the operation's start and end). */
async function addBetweenStackEvents(
  context: ActionContext,
  stack: { readonly stackId: string; readonly stackName: string },
  drafts: readonly EventDraft[],
): Promise<void> {
  if (!drafts.length) return;
  const [end, start] = await upstreamEvents(context, stack.stackId);
  const from = start ? micros(start.Timestamp) : micros(new Date().toISOString());
  const to = end ? micros(end.Timestamp) : undefined;
  addEvents(context.state, stack.stackId, eventsBetween(stack, drafts, from, to));
}

export function upstreamAnswer(response: UpstreamResponse): Answer {
  return { status: response.status, body: response.body, headers: response.headers };
}
