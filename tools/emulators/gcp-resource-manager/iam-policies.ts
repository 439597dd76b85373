/**
 * IAM policies per resource (google.iam.v1.Policy): bindings of roles to members with optional
 * conditions, a `version`, and an `etag` that changes on every write. SetIamPolicy with an etag
 * that is no longer current is refused with ABORTED, the signal for a read-modify-write client to
 * read again; `update_mask` selects the fields that are replaced.
 */
import { createHash } from 'node:crypto';
import { aborted, invalidArgument } from './rpc-error.ts';
import type { FieldMask } from './wire-types.ts';

export interface Expr {
  readonly expression?: string;
  readonly title?: string;
  readonly description?: string;
  readonly location?: string;
}

export interface Binding {
  readonly role?: string;
  readonly members?: readonly string[];
  readonly condition?: Expr;
}

export interface AuditConfig {
  readonly service?: string;
  readonly audit_log_configs?: readonly object[];
}

export interface Policy {
  readonly version?: number;
  readonly bindings?: readonly Binding[];
  readonly audit_configs?: readonly AuditConfig[];
  /** base64 */
  readonly etag?: string;
}

interface StoredPolicy {
  readonly version: number;
  readonly bindings: readonly Binding[];
  readonly audit_configs: readonly AuditConfig[];
  readonly etag: string;
}

/** The etag of a policy that was never written, as IAM returns it. */
const EMPTY_POLICY_ETAG = 'ACAB';
const DEFAULT_MASK = ['bindings', 'etag'];
const MASKABLE = new Set(['bindings', 'etag', 'audit_configs', 'version']);
const ROLE = /^(roles\/[a-zA-Z0-9_.]+|(projects|organizations)\/[^/]+\/roles\/[a-zA-Z0-9_.]+)$/;
const MEMBER =
  /^(allUsers|allAuthenticatedUsers|(user|serviceAccount|group|domain|deleted:user|deleted:serviceAccount|deleted:group|projectOwner|projectEditor|projectViewer):[^\s:]+|principal(Set)?:\/\/\S+)$/;
const PUBLIC_MEMBERS = new Set(['allUsers', 'allAuthenticatedUsers']);
export const CONCURRENT_CHANGE_MESSAGE =
  'There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.';

export class IamPolicies {
  readonly #policies = new Map<string, StoredPolicy>();
  #etagSequence = 0n;

  /**
   * The policy as GetIamPolicy answers it. A policy with conditions read below version 3 comes
   * back as IAM serves it to old clients: conditions dropped, roles renamed `role_withcond_<hash>`.
   */
  get(resource: string, requestedVersion = 0): Policy {
    if (![0, 1, 3].includes(requestedVersion)) {
      throw invalidArgument(
        `Invalid requested policy version ${String(requestedVersion)}: must be 0, 1 or 3.`,
        [{ field: 'options.requested_policy_version', description: 'must be 0, 1 or 3' }],
      );
    }
    const stored = this.#policies.get(resource);
    if (stored === undefined) return { etag: EMPTY_POLICY_ETAG };
    const isConditional = stored.bindings.some((binding) => binding.condition !== undefined);
    if (!isConditional || requestedVersion === 3) return withoutEmpty(stored);
    return {
      ...withoutEmpty(stored),
      version: 1,
      bindings: stored.bindings.map(({ role = '', members = [], condition }) =>
        condition === undefined
          ? { role, members }
          : { role: `${role}_withcond_${conditionHash(condition)}`, members },
      ),
    };
  }

  /** SetIamPolicy. `allowsPublicMembers`: false for projects, which refuse allUsers. */
  set(
    resource: string,
    policy: Policy | undefined,
    updateMask: FieldMask | undefined,
    allowsPublicMembers: boolean,
  ): Policy {
    if (policy === undefined)
      throw invalidArgument('policy is required.', [{ field: 'policy', description: 'required' }]);
    const paths = updateMask?.paths?.length ? updateMask.paths : DEFAULT_MASK;
    const unknown = paths.filter((path) => !MASKABLE.has(path));
    if (unknown.length) {
      throw invalidArgument(`Invalid update_mask paths: ${unknown.join(', ')}.`, [
        { field: 'update_mask', description: `unknown paths ${unknown.join(', ')}` },
      ]);
    }
    const current = this.#policies.get(resource);
    const currentEtag = current?.etag ?? EMPTY_POLICY_ETAG;
    if (policy.etag && policy.etag !== currentEtag) throw aborted(CONCURRENT_CHANGE_MESSAGE);

    const bindings = paths.includes('bindings')
      ? normalizeBindings(policy.bindings ?? [], allowsPublicMembers)
      : (current?.bindings ?? []);
    const version = policy.version ?? 0;
    if (![0, 1, 3].includes(version)) {
      throw invalidArgument(`Invalid policy version ${String(version)}: must be 0, 1 or 3.`, [
        { field: 'policy.version', description: 'must be 0, 1 or 3' },
      ]);
    }
    const isConditional = bindings.some((binding) => binding.condition !== undefined);
    if (isConditional && version !== 3) {
      throw invalidArgument(
        'Policies with conditional role bindings must specify version 3 (policy.version).',
        [{ field: 'policy.version', description: 'conditional bindings require version 3' }],
      );
    }
    const stored: StoredPolicy = {
      version: isConditional ? 3 : Math.max(version, 1),
      bindings,
      audit_configs: paths.includes('audit_configs')
        ? (policy.audit_configs ?? [])
        : (current?.audit_configs ?? []),
      etag: this.#newEtag(),
    };
    this.#policies.set(resource, stored);
    return this.get(resource, 3);
  }

  delete(resource: string): void {
    this.#policies.delete(resource);
  }

  clear(): void {
    this.#policies.clear();
  }

  /** 8 bytes like IAM's (`BwX...` in base64), unique per write. */
  #newEtag(): string {
    this.#etagSequence += 1n;
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64BE(0x0700_0000_0000_0000n + this.#etagSequence);
    return bytes.toString('base64');
  }
}

/** Bindings for one role and condition merged, members deduplicated, empty bindings dropped. */
function normalizeBindings(
  bindings: readonly Binding[],
  allowsPublicMembers: boolean,
): readonly Binding[] {
  const merged = new Map<string, { role: string; members: string[]; condition?: Expr }>();
  bindings.forEach((binding, index) => {
    const role = binding.role ?? '';
    if (!ROLE.test(role)) {
      throw invalidArgument(`Role ${role || '(empty)'} is not a valid role name.`, [
        { field: `policy.bindings[${index}].role`, description: 'invalid role' },
      ]);
    }
    for (const member of binding.members ?? []) {
      if (!MEMBER.test(member)) {
        throw invalidArgument(
          `Invalid member: ${member}. Members look like user:alice@example.com.`,
          [{ field: `policy.bindings[${index}].members`, description: `invalid member ${member}` }],
        );
      }
      if (!allowsPublicMembers && PUBLIC_MEMBERS.has(member)) {
        throw invalidArgument(`Member ${member} is not supported in a project's policy.`, [
          { field: `policy.bindings[${index}].members`, description: `${member} not allowed` },
        ]);
      }
    }
    const key = `${role}|${binding.condition ? JSON.stringify(binding.condition) : ''}`;
    const entry = merged.get(key) ?? {
      role,
      members: [],
      ...(binding.condition ? { condition: binding.condition } : {}),
    };
    for (const member of binding.members ?? [])
      if (!entry.members.includes(member)) entry.members.push(member);
    merged.set(key, entry);
  });
  return [...merged.values()].filter((binding) => binding.members.length > 0);
}

function conditionHash(condition: Expr): string {
  return createHash('sha256').update(JSON.stringify(condition)).digest('hex').slice(0, 16);
}

/** proto3 omits empty repeated fields; so does the emulator, so answers compare as on GCP. */
function withoutEmpty(stored: StoredPolicy): Policy {
  return {
    version: stored.version,
    etag: stored.etag,
    ...(stored.bindings.length ? { bindings: stored.bindings } : {}),
    ...(stored.audit_configs.length ? { audit_configs: stored.audit_configs } : {}),
  };
}
