import { describe, expect, it } from 'vitest';
import { hasMember, withMember, withoutMember } from './policy-members.js';
import type { Policy } from './policy-members.js';

const etag = Buffer.from('0700000000000001', 'hex');
const policy: Policy = {
  version: 1,
  etag,
  bindings: [
    { role: 'roles/owner', members: ['user:owner@example.com'] },
    { role: 'roles/viewer', members: ['group:auditors@example.com'] },
  ],
  auditConfigs: [{ service: 'allServices' }],
};

describe('one IAM member, nothing else', () => {
  it('adds a member to its role’s binding, keeping the others, the etag and audit configs', () => {
    const next = withMember(policy, { role: 'roles/viewer', member: 'user:ana@example.com' });
    expect(next).toEqual({
      ...policy,
      bindings: [
        { role: 'roles/owner', members: ['user:owner@example.com'] },
        { role: 'roles/viewer', members: ['group:auditors@example.com', 'user:ana@example.com'] },
      ],
    });
    expect(withMember(next ?? {}, { role: 'roles/viewer', member: 'user:ana@example.com' })).toBe(
      undefined,
    );
  });

  it('creates the binding of a new role, and a conditional one as version 3', () => {
    const condition = { title: 'weekdays', expression: 'request.time.getDayOfWeek() < 5' };
    const next = withMember(policy, {
      role: 'roles/editor',
      member: 'user:bo@example.com',
      condition,
    });
    expect(next?.version).toBe(3);
    expect(next?.bindings?.at(-1)).toEqual({
      role: 'roles/editor',
      members: ['user:bo@example.com'],
      condition: { ...condition, description: null },
    });
    expect(hasMember(next ?? {}, { role: 'roles/editor', member: 'user:bo@example.com' })).toBe(
      false,
    );
    expect(
      hasMember(next ?? {}, { role: 'roles/editor', member: 'user:bo@example.com', condition }),
    ).toBe(true);
  });

  it('removes only that member, dropping a binding it empties; absent means no change', () => {
    const next = withoutMember(policy, {
      role: 'roles/viewer',
      member: 'group:auditors@example.com',
    });
    expect(next?.bindings).toEqual([{ role: 'roles/owner', members: ['user:owner@example.com'] }]);
    expect(next?.auditConfigs).toEqual(policy.auditConfigs);
    expect(withoutMember(policy, { role: 'roles/viewer', member: 'user:nobody@example.com' })).toBe(
      undefined,
    );
  });
});
