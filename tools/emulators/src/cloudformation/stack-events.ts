/**
 * Stack events the interposer adds to moto's (which records stack-level events only): per-resource
 * events of executed change sets and deletions, and the whole story of a simulated failure. They
 * are merged with moto's by timestamp, newest first, as DescribeStackEvents answers.
 */
import { randomUUID } from 'node:crypto';
import { elements } from './query-xml.ts';

export interface StackEvent {
  readonly StackId: string;
  readonly StackName: string;
  readonly EventId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId: string;
  readonly ResourceType: string;
  /** ISO-8601 with microseconds, as moto writes it. */
  readonly Timestamp: string;
  readonly ResourceStatus: string;
  readonly ResourceStatusReason?: string | undefined;
}

export interface EventDraft {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly type: string;
  readonly status: string;
  readonly reason?: string | undefined;
}

/** Microseconds since the epoch of an ISO timestamp, keeping moto's sub-millisecond digits. */
export function micros(timestamp: string): number {
  const match = /^(.*?)(?:\.(\d+))?Z?$/.exec(timestamp);
  const whole = Date.parse(`${match?.[1] ?? timestamp}Z`);
  const fraction = (match?.[2] ?? '').padEnd(6, '0').slice(0, 6);
  return whole * 1000 + Number(fraction);
}

export function isoFromMicros(value: number): string {
  const millis = Math.floor(value / 1000);
  const base = new Date(millis).toISOString().slice(0, 19);
  return `${base}.${String(value % 1_000_000).padStart(6, '0')}Z`;
}

/** Events for `drafts`, spread evenly strictly between two instants (or 1 µs apart after `from`). */
export function eventsBetween(
  stack: { readonly stackId: string; readonly stackName: string },
  drafts: readonly EventDraft[],
  from: number,
  to?: number,
): StackEvent[] {
  const step =
    to === undefined || to - from <= drafts.length
      ? 1
      : Math.floor((to - from) / (drafts.length + 1));
  return drafts.map((draft, index) => ({
    StackId: stack.stackId,
    StackName: stack.stackName,
    EventId: randomUUID(),
    LogicalResourceId: draft.logicalId,
    PhysicalResourceId: draft.physicalId,
    ResourceType: draft.type,
    Timestamp: isoFromMicros(from + step * (index + 1)),
    ResourceStatus: draft.status,
    ResourceStatusReason: draft.reason,
  }));
}

/** Newest first; at equal times the later-recorded event comes first. */
export function mergeEvents(
  upstream: readonly StackEvent[],
  added: readonly StackEvent[],
): StackEvent[] {
  const all = [
    ...upstream.map((event, index) => ({ event, order: -index })),
    ...added.map((event, index) => ({ event, order: index + 1 })),
  ];
  return all
    .sort((a, b) => micros(b.event.Timestamp) - micros(a.event.Timestamp) || b.order - a.order)
    .map(({ event }) => event);
}

export function eventsXml(events: readonly StackEvent[]): string {
  const members = events.map(
    (event) =>
      `<member>${elements({
        StackId: event.StackId,
        EventId: event.EventId,
        StackName: event.StackName,
        LogicalResourceId: event.LogicalResourceId,
        PhysicalResourceId: event.PhysicalResourceId,
        ResourceType: event.ResourceType,
        Timestamp: event.Timestamp,
        ResourceStatus: event.ResourceStatus,
        ResourceStatusReason: event.ResourceStatusReason,
      })}</member>`,
  );
  return `<StackEvents>${members.join('')}</StackEvents>`;
}

export function stackEventDraft(
  stackName: string,
  stackId: string,
  status: string,
  reason?: string,
): EventDraft {
  return {
    logicalId: stackName,
    physicalId: stackId,
    type: 'AWS::CloudFormation::Stack',
    status,
    reason,
  };
}
