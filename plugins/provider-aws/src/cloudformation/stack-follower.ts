/**
 * Follows one stack operation to its end: polls `DescribeStackEvents` (newest first, paginated)
 * for events newer than the last one seen before the operation, hands each to `onEvent` oldest
 * first, and stops when the stack's status settles. The events are the progress; the status from
 * `DescribeStacks` is the truth (an endpoint may record no per-resource events at all).
 */
import { DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { call } from '../aws-errors.js';
import type { StackEventView } from './event-mapping.js';
import { pause, pollDelay } from './polling.js';
import { describeStack } from './stack-reader.js';
import type { StackInfo } from './stack-reader.js';
import { isSettled } from './stack-status.js';

/** The id of the newest event, to read only what happens after it. */
export async function newestEventId(
  cfn: CloudFormationClient,
  stack: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const answer = await call('DescribeStackEvents', () =>
    cfn.send(new DescribeStackEventsCommand({ StackName: stack }), { abortSignal: signal }),
  );
  return answer.StackEvents?.[0]?.EventId;
}

/** Events newer than `since`, oldest first. */
export async function eventsSince(
  cfn: CloudFormationClient,
  stack: string,
  since: string | undefined,
  signal: AbortSignal,
): Promise<StackEventView[]> {
  const newestFirst: StackEventView[] = [];
  let token: string | undefined;
  do {
    const answer = await call('DescribeStackEvents', () =>
      cfn.send(
        new DescribeStackEventsCommand({
          StackName: stack,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
        { abortSignal: signal },
      ),
    );
    for (const event of answer.StackEvents ?? []) {
      if (since !== undefined && event.EventId === since) return newestFirst.reverse();
      newestFirst.push({
        eventId: event.EventId ?? '',
        logicalId: event.LogicalResourceId ?? '',
        resourceType: event.ResourceType ?? '',
        status: event.ResourceStatus ?? '',
        reason: event.ResourceStatusReason,
        physicalId: event.PhysicalResourceId,
      });
    }
    token = answer.NextToken;
  } while (token);
  return newestFirst.reverse();
}

export interface FollowRequest {
  readonly cfn: CloudFormationClient;
  /** The stack id: a deleted stack is found by id only. */
  readonly stackId: string;
  readonly since: string | undefined;
  readonly signal: AbortSignal;
  readonly onEvent: (event: StackEventView) => void;
}

export interface FollowResult {
  readonly stack: StackInfo | undefined;
  /** Every event of the operation, oldest first. */
  readonly events: readonly StackEventView[];
}

export async function followStack(request: FollowRequest): Promise<FollowResult> {
  const { cfn, stackId, signal } = request;
  const events: StackEventView[] = [];
  let since = request.since;
  const drain = async (): Promise<void> => {
    const fresh = await eventsSince(cfn, stackId, since, signal);
    for (const event of fresh) {
      events.push(event);
      request.onEvent(event);
    }
    since = fresh.at(-1)?.eventId ?? since;
  };
  for (let attempt = 0; ; attempt++) {
    await pause(pollDelay(attempt), signal);
    const stack = await describeStack(cfn, stackId, signal);
    await drain();
    if (!stack || isSettled(stack.status)) return { stack, events };
  }
}
