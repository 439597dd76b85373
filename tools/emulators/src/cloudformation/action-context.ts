/**
 * What each intercepted action works with: the interposer's state, the caller, the request's
 * parameters, and calls to moto in the caller's account.
 */
import type { StackEvent } from './stack-events.ts';
import { find, members, queryError, textOf } from './query-xml.ts';
import type { XmlNode } from './query-xml.ts';
import { queryCall } from './upstream.ts';
import type { Caller, UpstreamResponse } from './upstream.ts';

export interface DriftDetection {
  readonly id: string;
  readonly stackId: string;
  readonly timestamp: string;
  /** One `<member>` of DescribeStackResourceDrifts per checked resource. */
  readonly resources: readonly { readonly status: string; readonly xml: string }[];
}

export interface InterposerState {
  /** Template bodies as the client sent them, by change set id and by `<stack>|<change set name>`. */
  readonly changeSetTemplates: Map<string, string>;
  /** Events the interposer adds, by stack id. */
  readonly events: Map<string, StackEvent[]>;
  /** Statuses moto cannot reach (a rolled-back create or update), by stack id. */
  readonly overrides: Map<string, { readonly status: string; readonly reason: string }>;
  readonly detections: Map<string, DriftDetection>;
  /** The latest detection of each stack, by stack id. */
  readonly latestDetection: Map<string, DriftDetection>;
}

export function createInterposerState(): InterposerState {
  return {
    changeSetTemplates: new Map(),
    events: new Map(),
    overrides: new Map(),
    detections: new Map(),
    latestDetection: new Map(),
  };
}

export function resetInterposerState(state: InterposerState): void {
  state.changeSetTemplates.clear();
  state.events.clear();
  state.overrides.clear();
  state.detections.clear();
  state.latestDetection.clear();
}

export interface Answer {
  readonly status: number;
  readonly body: string | Buffer;
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

export interface ActionContext {
  readonly upstream: URL;
  readonly state: InterposerState;
  readonly caller: Caller;
  readonly params: URLSearchParams;
  /** Sends the client's request to moto, with these parameters instead of its own if given. */
  forward(params?: URLSearchParams): Promise<UpstreamResponse>;
}

export type ActionHandler = (context: ActionContext) => Promise<Answer>;

export function xmlAnswer(body: string, status = 200): Answer {
  return { status, body, headers: { 'content-type': 'text/xml' } };
}

export function validationError(message: string): Answer {
  return xmlAnswer(queryError('ValidationError', message), 400);
}

export function cfn(
  context: ActionContext,
  action: string,
  params: Readonly<Record<string, string>>,
): Promise<XmlNode> {
  return queryCall(context.upstream, context.caller, 'cloudformation', action, params);
}

export interface StackView {
  readonly stackId: string;
  readonly stackName: string;
  readonly status: string;
}

/** The stack by name or id, or undefined when moto does not know it. */
export async function describeStack(
  context: ActionContext,
  nameOrId: string,
): Promise<StackView | undefined> {
  try {
    const stack = find(await cfn(context, 'DescribeStacks', { StackName: nameOrId }), 'member');
    if (!stack) return undefined;
    return {
      stackId: textOf(stack, 'StackId') ?? nameOrId,
      stackName: textOf(stack, 'StackName') ?? nameOrId,
      status: textOf(stack, 'StackStatus') ?? '',
    };
  } catch {
    return undefined;
  }
}

/** Physical id and type of each resource, by logical id. */
export async function stackResources(
  context: ActionContext,
  stackId: string,
): Promise<Map<string, { readonly physicalId: string; readonly type: string }>> {
  const list = members(
    await cfn(context, 'ListStackResources', { StackName: stackId }),
    'StackResourceSummaries',
  );
  return new Map(
    list.map((resource) => [
      resource['LogicalResourceId'] ?? '',
      { physicalId: resource['PhysicalResourceId'] ?? '', type: resource['ResourceType'] ?? '' },
    ]),
  );
}

/** moto's own events of a stack, newest first. */
export async function upstreamEvents(
  context: ActionContext,
  stackId: string,
): Promise<StackEvent[]> {
  return members(
    await cfn(context, 'DescribeStackEvents', { StackName: stackId }),
    'StackEvents',
  ).map((event) => ({
    StackId: event['StackId'] ?? stackId,
    StackName: event['StackName'] ?? '',
    EventId: event['EventId'] ?? '',
    LogicalResourceId: event['LogicalResourceId'] ?? '',
    PhysicalResourceId: event['PhysicalResourceId'] ?? '',
    ResourceType: event['ResourceType'] ?? '',
    Timestamp: event['Timestamp'] ?? new Date().toISOString(),
    ResourceStatus: event['ResourceStatus'] ?? '',
    ResourceStatusReason: event['ResourceStatusReason'],
  }));
}

export function addEvents(
  state: InterposerState,
  stackId: string,
  events: readonly StackEvent[],
): void {
  state.events.set(stackId, [...(state.events.get(stackId) ?? []), ...events]);
}
