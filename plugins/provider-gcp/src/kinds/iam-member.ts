/**
 * `IamPolicyMember`: one member of one role (optionally with a condition) in the IAM policy of a
 * project, folder or organization. Kusion adds or removes exactly that member, by read-modify-write
 * with the policy's etag; every other binding, made by kusion or not, is left as it was. Nothing of
 * a member can change in place: a change removes the old grant and adds the new one.
 */
import type { Attributes } from '@kusion/sdk';
import { isAbsent } from '../client/absent.js';
import { defined, recordAt, stringAt } from '../model/attributes.js';
import { condition, pattern } from '../model/fields.js';
import { isKnownString } from '../model/names.js';
import { hasMember, withMember, withoutMember } from '../iam/policy-members.js';
import type { IamCondition, MemberGrant } from '../iam/policy-members.js';
import { editPolicy, readPolicy } from '../iam/policy-transaction.js';
import type { KindHandler } from './kind-handler.js';

export const iamMemberHandler: KindHandler = {
  kind: 'IamPolicyMember',
  fields: {
    resource: {
      check: pattern(
        /^(projects\/[^/]+|folders\/\d+|organizations\/\d+)$/,
        '"projects/<id or number>", "folders/<number>", "organizations/<number>" or a reference such as $kusion_path.gcp:Project:shop-dev.name',
      ),
      isRequired: true,
      description: 'whose policy',
    },
    role: {
      check: pattern(
        /^(roles\/[A-Za-z0-9_.]+|(projects\/[^/]+|organizations\/\d+)\/roles\/[A-Za-z0-9_.]+)$/,
        'a role such as "roles/viewer", or a custom role "projects/<id>/roles/<name>" or "organizations/<n>/roles/<name>"',
      ),
      isRequired: true,
      description: 'the role granted',
    },
    member: {
      check: pattern(
        /^(user|group|serviceAccount|domain|principal|principalSet|deleted:[a-z]+):.+$|^(allUsers|allAuthenticatedUsers)$/,
        'a member such as "user:ana@example.com", "group:devs@example.com", "serviceAccount:ci@p.iam.gserviceaccount.com" or "domain:example.com"',
      ),
      isRequired: true,
      description: 'who is granted the role',
    },
    condition: {
      check: condition,
      description: 'a condition { title, expression, description? } (the policy is then version 3)',
    },
  },

  desired(_id, attributes) {
    return defined({
      kind: 'IamPolicyMember',
      resource: attributes['resource'],
      role: attributes['role'],
      member: attributes['member'],
      condition: attributes['condition'],
    });
  },

  canonicalize: (desired) => Promise.resolve(desired),

  async lookup(identity, context) {
    const resource = stringAt(identity, 'resource');
    const grant = grantOf(identity);
    if (!isKnownString(resource) || !grant) return undefined;
    try {
      const policy = await readPolicy(context.run, resource, context.signal);
      return hasMember(policy, grant) ? { live: liveOf(resource, grant) } : undefined;
    } catch (error) {
      if (isAbsent(error)) return undefined;
      throw error;
    }
  },

  immutable: [
    { field: 'resource', why: 'a member belongs to one policy' },
    { field: 'role', why: 'a member is granted one role' },
    { field: 'member', why: 'it names another member' },
    { field: 'condition', why: 'a condition is part of the binding', isUnsetWhenAbsent: true },
  ],

  async apply(desired, existing, context) {
    const resource = stringAt(desired, 'resource') ?? '';
    const grant = grantOf(desired) ?? { role: '', member: '' };
    if (existing) return existing.live;
    context.report(`adding ${grant.member} as ${grant.role}`);
    await editPolicy(context.run, {
      resource,
      resourceId: context.resourceId,
      doing: `granting ${grant.role} to ${grant.member} on ${resource}`,
      signal: context.signal,
      report: context.report,
      change: (policy) => withMember(policy, grant),
    });
    return liveOf(resource, grant);
  },

  async delete(recorded, context) {
    const resource = stringAt(recorded, 'resource');
    const grant = grantOf(recorded);
    if (!isKnownString(resource) || !grant) return;
    try {
      await editPolicy(context.run, {
        resource,
        resourceId: context.resourceId,
        doing: `removing ${grant.member} from ${grant.role} on ${resource}`,
        signal: context.signal,
        report: context.report,
        change: (policy) => withoutMember(policy, grant),
      });
    } catch (error) {
      // The resource is gone (or no longer visible): so is its policy.
      if (!isAbsent(error)) throw error;
    }
  },
};

function grantOf(attributes: Attributes): MemberGrant | undefined {
  const role = stringAt(attributes, 'role');
  const member = stringAt(attributes, 'member');
  if (!isKnownString(role) || !isKnownString(member)) return undefined;
  const held = recordAt(attributes, 'condition');
  const condition: IamCondition | undefined =
    held?.['title'] !== undefined && held['expression'] !== undefined
      ? {
          title: held['title'],
          expression: held['expression'],
          ...(held['description'] ? { description: held['description'] } : {}),
        }
      : undefined;
  return { role, member, ...(condition ? { condition } : {}) };
}

function liveOf(resource: string, grant: MemberGrant): Attributes {
  return defined({
    kind: 'IamPolicyMember',
    resource,
    role: grant.role,
    member: grant.member,
    condition: grant.condition,
  });
}
