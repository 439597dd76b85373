import { describe, expect, it } from 'vitest';
import { analyseFailure, progressOf } from './event-mapping.js';
import type { StackEventView } from './event-mapping.js';

let n = 0;
const event = (
  logicalId: string,
  status: string,
  reason?: string,
  resourceType = 'AWS::SQS::Queue',
): StackEventView => ({ eventId: String(++n), logicalId, resourceType, status, reason });
const stack = (status: string, reason?: string) =>
  event('shop', status, reason, 'AWS::CloudFormation::Stack');

describe('stack events → progress', () => {
  it.each([
    ['CREATE_IN_PROGRESS', 'Resource creation Initiated', 'creating'],
    ['CREATE_COMPLETE', undefined, 'created'],
    [
      'UPDATE_IN_PROGRESS',
      'Requested update requires the creation of a new physical resource; hence creating one.',
      'updating: Requested update requires the creation of a new physical resource; hence creating one.',
    ],
    ['UPDATE_COMPLETE', undefined, 'updated'],
    ['DELETE_COMPLETE', undefined, 'deleted'],
    ['DELETE_SKIPPED', undefined, 'retained (DeletionPolicy Retain)'],
    ['CREATE_FAILED', 'Bucket already exists', 'CREATE_FAILED: Bucket already exists'],
  ])('%s → %s', (status, reason, expected) => {
    expect(progressOf(event('Q', status, reason))).toBe(expected);
  });
});

describe('stack events → failure', () => {
  it('blames the first resource that failed for its own reason, and lists what the rollback did', () => {
    const analysis = analyseFailure(
      [
        stack('CREATE_IN_PROGRESS', 'User Initiated'),
        event('Dlq', 'CREATE_IN_PROGRESS'),
        event('Dlq', 'CREATE_COMPLETE'),
        event('Topic', 'CREATE_IN_PROGRESS'),
        event('Bucket', 'CREATE_IN_PROGRESS'),
        event('Bucket', 'CREATE_FAILED', 'kusion-assets already exists'),
        event('Topic', 'CREATE_FAILED', 'Resource creation cancelled'),
        stack(
          'ROLLBACK_IN_PROGRESS',
          'The following resource(s) failed to create: [Bucket, Topic]. Rollback requested by user.',
        ),
        event('Dlq', 'DELETE_IN_PROGRESS'),
        event('Dlq', 'DELETE_COMPLETE'),
        event('Topic', 'DELETE_COMPLETE'),
        event('Bucket', 'DELETE_COMPLETE'),
        stack('ROLLBACK_COMPLETE'),
      ],
      'shop',
    );
    expect(analysis.first).toEqual({
      logicalId: 'Bucket',
      status: 'CREATE_FAILED',
      reason: 'kusion-assets already exists',
    });
    expect(analysis.failed).toEqual(
      new Map([
        ['Bucket', 'CREATE_FAILED: kusion-assets already exists'],
        ['Topic', 'CREATE_FAILED: Resource creation cancelled'],
      ]),
    );
    expect(analysis.rolledBack).toEqual(
      new Map([
        ['Dlq', 'deleted by the rollback'],
        ['Topic', 'deleted by the rollback'],
        ['Bucket', 'deleted by the rollback'],
      ]),
    );
    expect(analysis.stackReason).toBe(
      'The following resource(s) failed to create: [Bucket, Topic]. Rollback requested by user.',
    );
  });

  it('says what an update rollback restored', () => {
    const analysis = analyseFailure(
      [
        stack('UPDATE_IN_PROGRESS'),
        event('A', 'UPDATE_COMPLETE'),
        event('B', 'UPDATE_FAILED', 'bad value'),
        stack('UPDATE_ROLLBACK_IN_PROGRESS', 'failed'),
        event('A', 'UPDATE_COMPLETE'),
        stack('UPDATE_ROLLBACK_COMPLETE'),
      ],
      'shop',
    );
    expect(analysis.first).toEqual({
      logicalId: 'B',
      status: 'UPDATE_FAILED',
      reason: 'bad value',
    });
    expect(analysis.rolledBack.get('A')).toBe('restored by the rollback');
  });
});
