import { maskDiff } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '@aws-sdk/client-cloudformation';
import type { ResourceState } from '@kusion/sdk';
import { mapChanges } from './change-mapping.js';
import type { DesiredMember } from './change-mapping.js';

const member = (
  id: string,
  logicalId: string,
  properties: Record<string, unknown>,
  extra: Partial<DesiredMember> = {},
): DesiredMember => ({
  id,
  logicalId,
  templatePart: { Type: 'AWS::SQS::Queue', Properties: properties },
  referencedPaths: [],
  unknownPaths: [],
  sensitivePaths: [],
  ...extra,
});
const prior = (
  id: string,
  properties: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): ResourceState => ({
  id,
  type: 'AWS',
  attributes: {
    Type: 'AWS::SQS::Queue',
    Properties: properties,
    StackName: 's',
    LogicalResourceId: 'X',
    PhysicalResourceId: 'p',
    Ref: 'p',
    ...extra,
  },
});
const change = (
  logicalId: string,
  action: ResourceChange['Action'],
  more: Partial<ResourceChange> = {},
): ResourceChange => ({
  LogicalResourceId: logicalId,
  ResourceType: 'AWS::SQS::Queue',
  Action: action,
  ...more,
});

describe('change set → actions', () => {
  it('maps Add, Modify (in place), Remove and absence', () => {
    const changes = mapChanges({
      changes: [
        change('New', 'Add'),
        change('Orders', 'Modify', {
          Replacement: 'False',
          Details: [
            {
              Target: {
                Attribute: 'Properties',
                Name: 'VisibilityTimeout',
                RequiresRecreation: 'Never',
              },
            },
          ],
        }),
        change('Gone', 'Remove'),
      ],
      desired: [
        member('new', 'New', {}),
        member('orders', 'Orders', { VisibilityTimeout: 60 }),
        member('same', 'Same', { DelaySeconds: 1 }),
      ],
      priors: [
        prior('orders', { VisibilityTimeout: 30 }),
        prior('same', { DelaySeconds: 1 }),
        prior('gone', {}),
      ],
    });
    expect(
      Object.fromEntries([...changes].map(([id, value]) => [id, [value.action, value.reason]])),
    ).toEqual({
      new: ['Create', 'not in the stack'],
      orders: ['Update', 'VisibilityTimeout changed, in place'],
      same: ['UnChanged', 'up to date'],
      gone: ['Delete', 'removed from spec'],
    });
    expect(changes.get('orders')?.diff).toEqual([
      { path: 'Properties.VisibilityTimeout', kind: 'change', before: 30, after: 60 },
    ]);
  });

  it('uses CloudFormation’s Replacement and Details when it gives them', () => {
    const changes = mapChanges({
      changes: [
        change('A', 'Modify', {
          Replacement: 'True',
          Details: [
            {
              Target: { Attribute: 'Properties', Name: 'QueueName', RequiresRecreation: 'Always' },
            },
          ],
        }),
        change('B', 'Modify', {
          Replacement: 'Conditional',
          Details: [
            {
              Target: {
                Attribute: 'Properties',
                Name: 'KmsMasterKeyId',
                RequiresRecreation: 'Conditionally',
              },
            },
          ],
        }),
      ],
      desired: [member('a', 'A', { QueueName: 'new' }), member('b', 'B', {})],
      priors: [prior('a', { QueueName: 'old' }), prior('b', {})],
    });
    expect(changes.get('a')).toMatchObject({
      action: 'Replace',
      reason: 'CloudFormation replaces it: QueueName requires recreation',
    });
    expect(changes.get('b')).toMatchObject({
      action: 'Replace',
      reason: 'CloudFormation may replace it (Conditional): KmsMasterKeyId may require recreation',
    });
  });

  it('falls back on the replacement rules when the change set has no Replacement (moto)', () => {
    const changes = mapChanges({
      changes: [change('A', 'Modify'), change('B', 'Modify')],
      desired: [
        member('a', 'A', { QueueName: 'new', VisibilityTimeout: 1 }),
        member('b', 'B', { VisibilityTimeout: 2 }),
      ],
      priors: [
        prior('a', { QueueName: 'old', VisibilityTimeout: 1 }),
        prior('b', { VisibilityTimeout: 1 }),
      ],
    });
    expect(changes.get('a')).toMatchObject({
      action: 'Replace',
      reason: 'QueueName cannot change in place: CloudFormation replaces the resource',
    });
    expect(changes.get('b')).toMatchObject({ action: 'Update', reason: 'spec changed' });
  });

  it('updates a resource when another provider starts referencing an attribute the state lacks', () => {
    const changes = mapChanges({
      changes: [],
      desired: [
        member('a', 'A', {}, { referencedPaths: ['QueueUrl'] }),
        member('b', 'B', {}, { referencedPaths: ['Arn'] }),
      ],
      priors: [prior('a', {}), prior('b', {}, { Arn: 'arn' })],
    });
    expect(changes.get('a')).toMatchObject({
      action: 'Update',
      reason: 'other providers now reference QueueUrl: added as stack Outputs',
    });
    expect(changes.get('b')).toMatchObject({ action: 'UnChanged' });
  });

  it('explains recreation, deletions kept by DeletionPolicy, unknown values, and names secrets for the engine to mask', () => {
    const changes = mapChanges({
      changes: [],
      desired: [
        member(
          'a',
          'A',
          { Password: 'hunter2' },
          { unknownPaths: ['Properties.Url'], sensitivePaths: ['Properties.Password'] },
        ),
      ],
      priors: [prior('kept', {}, { DeletionPolicy: 'Retain' })],
      recreateReason:
        'stack s is ROLLBACK_COMPLETE after a failed create: deploy deletes it and creates this resource again',
    });
    expect(changes.get('a')).toMatchObject({
      action: 'Create',
      reason:
        'stack s is ROLLBACK_COMPLETE after a failed create: deploy deletes it and creates this resource again; known after apply: Properties.Url',
    });
    // Clear values, as a native diff: the engine masks what `sensitivePaths` names.
    expect(changes.get('a')?.sensitivePaths).toEqual(['Properties.Password']);
    expect(
      maskDiff(changes.get('a')?.diff ?? [], changes.get('a')?.sensitivePaths ?? []),
    ).not.toContainEqual(
      expect.objectContaining({ after: expect.objectContaining({ Password: 'hunter2' }) }),
    );
    expect(
      JSON.stringify(maskDiff(changes.get('a')?.diff ?? [], ['Properties.Password'])),
    ).not.toContain('hunter2');
    expect(changes.get('kept')).toMatchObject({
      action: 'Delete',
      reason: 'removed from spec (DeletionPolicy Retain: CloudFormation keeps the resource)',
    });
  });

  it('says when the stack differs from the state although the spec did not change', () => {
    const changes = mapChanges({
      changes: [change('A', 'Modify')],
      desired: [member('a', 'A', { DelaySeconds: 1 })],
      priors: [prior('a', { DelaySeconds: 1 })],
    });
    expect(changes.get('a')).toMatchObject({
      action: 'Update',
      reason: 'the stack differs from the recorded state (changed outside Kusion)',
    });
  });
});
