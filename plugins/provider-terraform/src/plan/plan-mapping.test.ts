import { describe, expect, it } from 'vitest';
import { SEALED_STATE_ATTRIBUTE } from '../state/sealed-state.js';
import { KNOWN_AFTER_APPLY, mapPlan, markedPaths } from './plan-mapping.js';
import type { ResourceChange } from './plan-mapping.js';

const QUEUE = 'hashicorp:aws:aws_sqs_queue:orders';
const DB = 'hashicorp:aws:aws_db_instance:db';
const GONE = 'hashicorp:aws:aws_security_group:old';

function change(address: string, change: ResourceChange['change'], extra = {}): ResourceChange {
  return { address, mode: 'managed', change, ...extra };
}

const desired = new Map([
  ['aws_sqs_queue.orders', QUEUE],
  ['aws_db_instance.db', DB],
]);

describe('mapPlan', () => {
  it('maps a create, showing what is set and what is known after apply', () => {
    const changes = mapPlan({
      plan: {
        resource_changes: [
          change('aws_sqs_queue.orders', {
            actions: ['create'],
            before: null,
            after: { name: 'orders', delay_seconds: 0, kms_master_key_id: null },
            after_unknown: { arn: true, url: true },
            after_sensitive: {},
          }),
        ],
      },
      desired: new Map([['aws_sqs_queue.orders', QUEUE]]),
      recorded: new Map(),
    });
    expect(changes.get(QUEUE)).toEqual({
      action: 'Create',
      reason: 'not in state',
      diff: [
        { path: 'name', kind: 'add', after: 'orders' },
        { path: 'delay_seconds', kind: 'add', after: 0 },
        { path: 'arn', kind: 'add', after: KNOWN_AFTER_APPLY },
        { path: 'url', kind: 'add', after: KNOWN_AFTER_APPLY },
      ],
    });
  });

  it('maps update, replace, no-op and delete, masking what Terraform marks sensitive', () => {
    const changes = mapPlan({
      plan: {
        resource_changes: [
          change('aws_sqs_queue.orders', {
            actions: ['no-op'],
            before: { name: 'orders' },
            after: { name: 'orders' },
          }),
          change(
            'aws_db_instance.db',
            {
              actions: ['delete', 'create'],
              before: { identifier: 'db', password: 'old-secret', [SEALED_STATE_ATTRIBUTE]: 'x' },
              after: { identifier: 'db2', password: 'new-secret' },
              after_unknown: { id: true },
              before_sensitive: { password: true },
              after_sensitive: { password: true },
              replace_paths: [['identifier']],
            },
            { action_reason: 'replace_because_cannot_update' },
          ),
          change('aws_security_group.old', {
            actions: ['delete'],
            before: { name: 'old' },
            after: null,
          }),
        ],
      },
      desired,
      recorded: new Map([['aws_security_group.old', GONE]]),
    });
    expect(changes.get(QUEUE)).toMatchObject({ action: 'UnChanged', diff: [] });
    expect(changes.get(GONE)).toMatchObject({ action: 'Delete', reason: 'removed from spec' });
    const replace = changes.get(DB);
    expect(replace).toMatchObject({
      action: 'Replace',
      reason: 'identifier cannot change in place (destroy before create)',
      sensitivePaths: ['password'],
    });
    expect(replace?.diff).toEqual([
      { path: 'identifier', kind: 'change', before: 'db', after: 'db2' },
      { path: 'password', kind: 'change', before: '(sensitive)', after: '(sensitive)' },
      { path: 'id', kind: 'add', after: KNOWN_AFTER_APPLY },
    ]);
    expect(JSON.stringify(replace)).not.toContain('secret');
  });

  it('shows an import as adopting the existing object', () => {
    const changes = mapPlan({
      plan: {
        resource_changes: [
          change('aws_sqs_queue.orders', {
            actions: ['no-op'],
            before: { name: 'orders' },
            after: { name: 'orders' },
            importing: { id: 'http://q/orders' },
          }),
        ],
      },
      desired: new Map([['aws_sqs_queue.orders', QUEUE]]),
      recorded: new Map(),
    });
    expect(changes.get(QUEUE)).toMatchObject({
      action: 'Create',
      reason: 'import existing object "http://q/orders" (nothing is created)',
    });
  });

  it('answers for every desired and recorded resource, even those Terraform left out', () => {
    const changes = mapPlan({
      plan: { resource_changes: [] },
      desired,
      recorded: new Map([['aws_security_group.old', GONE]]),
    });
    expect([...changes.keys()].sort()).toEqual([DB, QUEUE, GONE].sort());
    expect(changes.get(GONE)?.action).toBe('Delete');
    expect(changes.get(QUEUE)?.action).toBe('UnChanged');
  });

  it('adds the sensitive paths a resource declares', () => {
    const changes = mapPlan({
      plan: {
        resource_changes: [
          change('aws_sqs_queue.orders', {
            actions: ['update'],
            before: { tags: { token: 'a' } },
            after: { tags: { token: 'b' } },
          }),
        ],
      },
      desired: new Map([['aws_sqs_queue.orders', QUEUE]]),
      recorded: new Map(),
      declaredSensitive: new Map([[QUEUE, ['tags.token']]]),
    });
    expect(changes.get(QUEUE)?.diff).toEqual([
      { path: 'tags.token', kind: 'change', before: '(sensitive)', after: '(sensitive)' },
    ]);
  });
});

describe('markedPaths', () => {
  it("reads nested lists and objects of Terraform's sensitivity structures", () => {
    expect(markedPaths({ a: true, b: [{}, { c: true }], d: {} })).toEqual(['a', 'b[1].c']);
    expect(markedPaths(true)).toEqual(['*']);
    expect(markedPaths(false)).toEqual([]);
  });
});
