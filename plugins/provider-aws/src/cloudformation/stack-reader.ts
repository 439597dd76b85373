/** Read-only CloudFormation calls: the stack, its template, its resources. */
import {
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { call, isStackMissing, toProviderError } from '../aws-errors.js';
import { isRecord } from '../model/aws-resource.js';
import type { StackTemplate } from '../model/template.js';

export interface StackInfo {
  readonly stackId: string;
  readonly stackName: string;
  readonly status: string;
  readonly statusReason: string | undefined;
  /** Output values by key. */
  readonly outputs: ReadonlyMap<string, string>;
}

export interface StackResourceInfo {
  readonly logicalId: string;
  readonly physicalId: string | undefined;
  readonly type: string;
  readonly status: string;
}

/** The stack, or undefined when there is none by that name (or id). */
export async function describeStack(
  cfn: CloudFormationClient,
  stackName: string,
  signal: AbortSignal,
): Promise<StackInfo | undefined> {
  try {
    const answer = await cfn.send(new DescribeStacksCommand({ StackName: stackName }), {
      abortSignal: signal,
    });
    const stack = answer.Stacks?.[0];
    if (!stack) return undefined;
    return {
      stackId: stack.StackId ?? stackName,
      stackName: stack.StackName ?? stackName,
      status: stack.StackStatus ?? 'UNKNOWN',
      statusReason: stack.StackStatusReason,
      outputs: new Map(
        (stack.Outputs ?? []).flatMap((output) =>
          output.OutputKey === undefined ? [] : [[output.OutputKey, output.OutputValue ?? '']],
        ),
      ),
    };
  } catch (error) {
    if (isStackMissing(error)) return undefined;
    throw toProviderError(error, 'DescribeStacks');
  }
}

/** The template as deployed (CloudFormation keeps the body it was given). */
export async function getTemplate(
  cfn: CloudFormationClient,
  stackName: string,
  signal: AbortSignal,
): Promise<StackTemplate | undefined> {
  try {
    const answer = await cfn.send(
      new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }),
      { abortSignal: signal },
    );
    return parseTemplate(answer.TemplateBody);
  } catch (error) {
    if (isStackMissing(error)) return undefined;
    throw toProviderError(error, 'GetTemplate');
  }
}

export function parseTemplate(body: string | undefined): StackTemplate | undefined {
  if (!body) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined; // not ours: we only ever send JSON
  }
  if (!isRecord(parsed) || !isRecord(parsed['Resources'])) return undefined;
  return parsed as unknown as StackTemplate;
}

/** Every resource of the stack, by logical id (paginated: DescribeStackResources stops at 100). */
export async function listStackResources(
  cfn: CloudFormationClient,
  stackName: string,
  signal: AbortSignal,
): Promise<Map<string, StackResourceInfo>> {
  const resources = new Map<string, StackResourceInfo>();
  let token: string | undefined;
  do {
    const answer = await call('ListStackResources', () =>
      cfn.send(
        new ListStackResourcesCommand({
          StackName: stackName,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
        { abortSignal: signal },
      ),
    );
    for (const summary of answer.StackResourceSummaries ?? []) {
      if (summary.LogicalResourceId === undefined) continue;
      resources.set(summary.LogicalResourceId, {
        logicalId: summary.LogicalResourceId,
        physicalId: summary.PhysicalResourceId,
        type: summary.ResourceType ?? '',
        status: summary.ResourceStatus ?? '',
      });
    }
    token = answer.NextToken;
  } while (token);
  return resources;
}
