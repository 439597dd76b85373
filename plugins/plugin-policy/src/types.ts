/** Policy rules: the built-in kinds a YAML file names, and custom checks written in TypeScript. */
import type { Plan, PlannedChange } from '@kusion/sdk';

export type Severity = 'error' | 'warning';

interface RuleCommon {
  /** Named in every violation (`POLICY_FAILED`, `--json`). */
  readonly name: string;
  /** `error` (default) stops the plan; `warning` is shown. */
  readonly severity?: Severity;
  /** Only resources of these types (`Kubernetes`, `AWS`...); default: all. */
  readonly types?: readonly string[];
  /** Only in these workspaces; default: all. */
  readonly workspaces?: readonly string[];
}

/** No storage bucket readable by anyone (S3 ACLs, policies and public access blocks, Azure blob access, `public: true`). */
export interface DenyPublicBucketsRule extends RuleCommon {
  readonly kind: 'deny-public-buckets';
}

/** Every resource carries these labels (Kubernetes labels, AWS tags, Azure tags, GCP labels). */
export interface RequireLabelsRule extends RuleCommon {
  readonly kind: 'require-labels';
  readonly labels: readonly string[];
}

/** At most this many replicas: one number, or per workspace (`'*'` for the others). */
export interface LimitReplicasRule extends RuleCommon {
  readonly kind: 'limit-replicas';
  readonly max: number | Readonly<Record<string, number>>;
}

/**
 * No delete (or replace, which deletes) of a resource marked protected: `extensions.protected:
 * true`, or the label, annotation or tag `kusion.dev/protected: "true"`.
 */
export interface ForbidProtectedDeletesRule extends RuleCommon {
  readonly kind: 'forbid-protected-deletes';
}

export type BuiltInRule =
  DenyPublicBucketsRule | RequireLabelsRule | LimitReplicasRule | ForbidProtectedDeletesRule;

/** What a custom check sees: one change of the plan, and where. */
export interface RuleInput {
  readonly change: PlannedChange;
  readonly plan: Plan;
  readonly project: string;
  readonly stack: string;
  readonly workspace: string;
}

/** A rule written in TypeScript: answers what is wrong with a change, if anything. */
export interface CustomRule extends RuleCommon {
  readonly kind?: undefined;
  check(input: RuleInput): string | readonly string[] | undefined;
}

export type PolicyRule = BuiltInRule | CustomRule;

export const BUILT_IN_KINDS = [
  'deny-public-buckets',
  'require-labels',
  'limit-replicas',
  'forbid-protected-deletes',
] as const;
