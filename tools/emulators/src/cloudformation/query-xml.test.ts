import { describe, expect, it } from 'vitest';
import { members, parseXml, queryError, textOf } from './query-xml.ts';
import { eventsBetween, isoFromMicros, mergeEvents, micros } from './stack-events.ts';

describe('query XML', () => {
  it('reads moto’s responses: nested lists, entities, CDATA', () => {
    const xml =
      '<?xml version="1.0"?><DescribeStackEventsResponse><DescribeStackEventsResult><StackEvents>' +
      '<member><LogicalResourceId>Q</LogicalResourceId><ResourceStatusReason>a &amp; b &lt;c&gt;</ResourceStatusReason></member>' +
      '<member><LogicalResourceId><![CDATA[R]]></LogicalResourceId><Empty/></member>' +
      '</StackEvents></DescribeStackEventsResult></DescribeStackEventsResponse>';
    expect(members(parseXml(xml), 'StackEvents')).toEqual([
      { LogicalResourceId: 'Q', ResourceStatusReason: 'a & b <c>' },
      { LogicalResourceId: 'R', Empty: '' },
    ]);
  });

  it('writes error bodies as CloudFormation does', () => {
    const body = parseXml(queryError('ValidationError', 'Stack "x" <does not exist>'));
    expect(body.name).toBe('ErrorResponse');
    expect(textOf(body, 'Code')).toBe('ValidationError');
    expect(textOf(body, 'Message')).toBe('Stack "x" <does not exist>');
    expect(textOf(body, 'Type')).toBe('Sender');
  });
});

describe('stack events', () => {
  it('keeps moto’s microseconds', () => {
    expect(micros('2026-11-24T19:37:07.814421Z') - micros('2026-11-24T19:37:07.814420Z')).toBe(1);
    expect(isoFromMicros(micros('2026-11-24T19:37:07.000005Z'))).toBe(
      '2026-11-24T19:37:07.000005Z',
    );
  });

  it('places added events between two instants, merged newest first', () => {
    const stack = { stackId: 'id', stackName: 's' };
    const from = micros('2026-01-01T00:00:00.000100Z');
    const to = micros('2026-01-01T00:00:00.000400Z');
    const added = eventsBetween(
      stack,
      [
        { logicalId: 'A', physicalId: 'a', type: 'T', status: 'CREATE_IN_PROGRESS' },
        { logicalId: 'A', physicalId: 'a', type: 'T', status: 'CREATE_COMPLETE' },
      ],
      from,
      to,
    );
    const upstream = [
      {
        ...added[0]!,
        EventId: 'end',
        LogicalResourceId: 's',
        ResourceStatus: 'CREATE_COMPLETE',
        Timestamp: isoFromMicros(to),
      },
      {
        ...added[0]!,
        EventId: 'start',
        LogicalResourceId: 's',
        ResourceStatus: 'CREATE_IN_PROGRESS',
        Timestamp: isoFromMicros(from),
      },
    ];
    expect(
      mergeEvents(upstream, added).map(
        (event) => `${event.LogicalResourceId} ${event.ResourceStatus}`,
      ),
    ).toEqual([
      's CREATE_COMPLETE',
      'A CREATE_COMPLETE',
      'A CREATE_IN_PROGRESS',
      's CREATE_IN_PROGRESS',
    ]);
  });
});
