/**
 * Drift detection, which moto does not implement (HTTP 500): DetectStackDrift compares, for the
 * types it can read from moto's services (SQS queues, SSM parameters, SNS topics), each literal
 * property the template sets with what the service reports. As AWS documents it, the detection is
 * asynchronous (here it is complete at once), resources of types without drift support are not
 * checked and not listed, a resource that no longer exists is DELETED, and differences carry
 * JSON-pointer paths.
 */
import { randomUUID } from 'node:crypto';
import {
  cfn,
  describeStack,
  stackResources,
  validationError,
  xmlAnswer,
} from './action-context.ts';
import type { ActionContext, ActionHandler, DriftDetection } from './action-context.ts';
import { elements, find, queryResponse, textOf } from './query-xml.ts';
import { resourcesOf } from './template-rules.ts';
import { jsonCall, queryCall, UpstreamError } from './upstream.ts';

/** The properties each readable type reports, by CloudFormation property name. */
type Reader = (
  context: ActionContext,
  physicalId: string,
) => Promise<Record<string, string> | undefined>;

const orMissing = async <T>(run: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UpstreamError && error.status < 500) return undefined;
    throw error;
  }
};

const READERS: ReadonlyMap<string, Reader> = new Map<string, Reader>([
  [
    'AWS::SQS::Queue',
    async (context, url) => {
      const answer = await orMissing(() =>
        jsonCall(context.upstream, context.caller, 'sqs', 'AmazonSQS.GetQueueAttributes', {
          QueueUrl: url,
          AttributeNames: ['All'],
        }),
      );
      return answer
        ? ((answer['Attributes'] as Record<string, string> | undefined) ?? {})
        : undefined;
    },
  ],
  [
    'AWS::SSM::Parameter',
    async (context, name) => {
      const answer = await orMissing(() =>
        jsonCall(context.upstream, context.caller, 'ssm', 'AmazonSSM.GetParameter', { Name: name }),
      );
      const parameter = answer?.['Parameter'] as Record<string, string> | undefined;
      return parameter
        ? {
            Name: parameter['Name'] ?? '',
            Type: parameter['Type'] ?? '',
            Value: parameter['Value'] ?? '',
          }
        : undefined;
    },
  ],
  [
    'AWS::SNS::Topic',
    async (context, arn) => {
      const answer = await orMissing(() =>
        queryCall(context.upstream, context.caller, 'sns', 'GetTopicAttributes', { TopicArn: arn }),
      );
      if (!answer) return undefined;
      const entries = find(answer, 'Attributes')?.children ?? [];
      return Object.fromEntries(
        entries.map((entry) => [textOf(entry, 'key') ?? '', textOf(entry, 'value') ?? '']),
      );
    },
  ],
]);

export const detectStackDrift: ActionHandler = async (context) => {
  const stack = await describeStack(context, context.params.get('StackName') ?? '');
  if (!stack)
    return validationError(`Stack with id ${context.params.get('StackName') ?? ''} does not exist`);
  const template = resourcesOf(
    textOf(await cfn(context, 'GetTemplate', { StackName: stack.stackId }), 'TemplateBody'),
  );
  const physical = await stackResources(context, stack.stackId);
  const timestamp = new Date().toISOString();
  const resources: DriftDetection['resources'][number][] = [];
  for (const resource of template) {
    const reader = READERS.get(resource.type);
    const physicalId = physical.get(resource.logicalId)?.physicalId;
    if (!reader || physicalId === undefined) continue;
    const actual = await reader(context, physicalId);
    const differences =
      actual === undefined ? [] : compare(resolveRefs(resource.properties, physical), actual);
    const status = actual === undefined ? 'DELETED' : differences.length ? 'MODIFIED' : 'IN_SYNC';
    const actualProperties = {
      ...resource.properties,
      ...Object.fromEntries(differences.map((difference) => [difference.name, difference.actual])),
    };
    resources.push({
      status,
      xml:
        `<member>${elements({ StackId: stack.stackId, LogicalResourceId: resource.logicalId, PhysicalResourceId: physicalId, ResourceType: resource.type })}` +
        elements({
          ExpectedProperties: JSON.stringify(resource.properties),
          ActualProperties: actual === undefined ? undefined : JSON.stringify(actualProperties),
        }) +
        `<PropertyDifferences>${differences
          .map(
            (difference) =>
              `<member>${elements({ PropertyPath: `/${difference.name}`, ExpectedValue: difference.expected, ActualValue: difference.actual, DifferenceType: 'NOT_EQUAL' })}</member>`,
          )
          .join('')}</PropertyDifferences>` +
        `${elements({ StackResourceDriftStatus: status, Timestamp: timestamp })}</member>`,
    });
  }
  const detection: DriftDetection = {
    id: randomUUID(),
    stackId: stack.stackId,
    timestamp,
    resources,
  };
  context.state.detections.set(detection.id, detection);
  context.state.latestDetection.set(stack.stackId, detection);
  return xmlAnswer(
    queryResponse('DetectStackDrift', elements({ StackDriftDetectionId: detection.id })),
  );
};

export const describeStackDriftDetectionStatus: ActionHandler = (context) => {
  const id = context.params.get('StackDriftDetectionId') ?? '';
  const detection = context.state.detections.get(id);
  if (!detection)
    return Promise.resolve(validationError(`Stack drift detection ${id} does not exist`));
  const drifted = detection.resources.filter((resource) => resource.status !== 'IN_SYNC').length;
  return Promise.resolve(
    xmlAnswer(
      queryResponse(
        'DescribeStackDriftDetectionStatus',
        elements({
          StackId: detection.stackId,
          StackDriftDetectionId: detection.id,
          StackDriftStatus: drifted ? 'DRIFTED' : 'IN_SYNC',
          DetectionStatus: 'DETECTION_COMPLETE',
          DriftedStackResourceCount: drifted,
          Timestamp: detection.timestamp,
        }),
      ),
    ),
  );
};

export const describeStackResourceDrifts: ActionHandler = async (context) => {
  const stack = await describeStack(context, context.params.get('StackName') ?? '');
  if (!stack)
    return validationError(`Stack with id ${context.params.get('StackName') ?? ''} does not exist`);
  const filters = [...context.params.entries()]
    .filter(([key]) => key.startsWith('StackResourceDriftStatusFilters.member.'))
    .map(([, value]) => value);
  const detection = context.state.latestDetection.get(stack.stackId);
  const listed = (detection?.resources ?? []).filter(
    (resource) => !filters.length || filters.includes(resource.status),
  );
  return xmlAnswer(
    queryResponse(
      'DescribeStackResourceDrifts',
      `<StackResourceDrifts>${listed.map((resource) => resource.xml).join('')}</StackResourceDrifts>`,
    ),
  );
};

/** Properties with `{ "Ref": "<resource>" }` replaced by its physical id, as CloudFormation compares them. */
function resolveRefs(
  properties: Readonly<Record<string, unknown>>,
  physical: ReadonlyMap<string, { readonly physicalId: string }>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(properties).map(([name, value]) => {
      const ref =
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1
          ? (value as Record<string, unknown>)['Ref']
          : undefined;
      const target = typeof ref === 'string' ? physical.get(ref) : undefined;
      return [name, target ? target.physicalId : value];
    }),
  );
}

/** Literal scalar properties whose value differs from what the service reports. */
function compare(
  properties: Readonly<Record<string, unknown>>,
  actual: Readonly<Record<string, string>>,
): { name: string; expected: string; actual: string }[] {
  return Object.entries(properties).flatMap(([name, value]) => {
    const reported = actual[name];
    if (reported === undefined || !['string', 'number', 'boolean'].includes(typeof value))
      return [];
    const expected = String(value);
    return expected === reported ? [] : [{ name, expected, actual: reported }];
  });
}
