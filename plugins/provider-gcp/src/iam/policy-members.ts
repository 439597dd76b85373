/**
 * One member of one role in an IAM policy, added or removed without touching anything else: the
 * other members of the role, other roles, conditions and audit configs stay exactly as they were
 * read, so bindings made outside kusion survive every deploy.
 */
import { isDeepStrictEqual } from 'node:util';
import type { protos } from '@google-cloud/resource-manager';

export interface IamCondition {
  readonly title: string;
  readonly expression: string;
  readonly description?: string | undefined;
}

/** What one IamPolicyMember grants. */
export interface MemberGrant {
  readonly role: string;
  readonly member: string;
  readonly condition?: IamCondition | undefined;
}

export type Policy = protos.google.iam.v1.IPolicy;
type PolicyBinding = protos.google.iam.v1.IBinding;

/** Conditions are told apart by title, expression and description, as IAM does. */
function sameCondition(binding: PolicyBinding, condition: IamCondition | undefined): boolean {
  const held = binding.condition;
  if (!held?.expression) return condition === undefined;
  if (!condition) return false;
  return isDeepStrictEqual(
    [held.title ?? '', held.expression, held.description ?? ''],
    [condition.title, condition.expression, condition.description ?? ''],
  );
}

function isGrantBinding(binding: PolicyBinding, grant: MemberGrant): boolean {
  return binding.role === grant.role && sameCondition(binding, grant.condition);
}

export function hasMember(policy: Policy, grant: MemberGrant): boolean {
  return (policy.bindings ?? []).some(
    (binding) => isGrantBinding(binding, grant) && (binding.members ?? []).includes(grant.member),
  );
}

/** The policy with the member added to its role's binding (created when missing); undefined when already there. */
export function withMember(policy: Policy, grant: MemberGrant): Policy | undefined {
  if (hasMember(policy, grant)) return undefined;
  const bindings = [...(policy.bindings ?? [])];
  const index = bindings.findIndex((binding) => isGrantBinding(binding, grant));
  const existing = bindings[index];
  if (existing) {
    bindings[index] = { ...existing, members: [...(existing.members ?? []), grant.member] };
  } else {
    bindings.push({
      role: grant.role,
      members: [grant.member],
      ...(grant.condition
        ? {
            condition: {
              title: grant.condition.title,
              expression: grant.condition.expression,
              description: grant.condition.description ?? null,
            },
          }
        : {}),
    });
  }
  return withVersion({ ...policy, bindings });
}

/** The policy without the member (an emptied binding dropped); undefined when it was not there. */
export function withoutMember(policy: Policy, grant: MemberGrant): Policy | undefined {
  if (!hasMember(policy, grant)) return undefined;
  const bindings = (policy.bindings ?? [])
    .map((binding) =>
      isGrantBinding(binding, grant)
        ? { ...binding, members: (binding.members ?? []).filter((m) => m !== grant.member) }
        : binding,
    )
    .filter((binding) => (binding.members ?? []).length > 0);
  return withVersion({ ...policy, bindings });
}

/** A policy with a conditional binding must be written as version 3, or IAM refuses it. */
function withVersion(policy: Policy): Policy {
  const hasCondition = (policy.bindings ?? []).some((binding) =>
    Boolean(binding.condition?.expression),
  );
  return hasCondition ? { ...policy, version: 3 } : { ...policy, version: policy.version ?? 1 };
}
