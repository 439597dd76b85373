/**
 * `POLICY_FAILED`: the plan breaks policy rules. The error carries every violation (rule, resource,
 * and in a rollout the workspace and stack), so `--json` can list them.
 */
import { isKusionError, KusionError } from '@kusion/sdk';
import type { PolicyViolation, RolloutTargetScope } from '@kusion/sdk';

export type ReportedViolation = PolicyViolation & Partial<RolloutTargetScope>;

export class PolicyFailedError extends KusionError {
  readonly violations: readonly ReportedViolation[];

  constructor(violations: readonly ReportedViolation[]) {
    super(
      'POLICY_FAILED',
      `the plan breaks ${violations.length} polic${violations.length > 1 ? 'ies' : 'y'}: ${violations.map(describeViolation).join('; ')}`,
      { hint: 'change the configuration so the policy passes' },
    );
    this.name = 'PolicyFailedError';
    this.violations = violations;
  }
}

/** `[prod/web] test:bucket: must not be public (rule no-public-buckets)`. */
export function describeViolation(violation: ReportedViolation): string {
  const where =
    violation.workspace === undefined
      ? ''
      : `[${violation.workspace}${violation.stack === undefined ? '' : `/${violation.stack}`}] `;
  const resource = violation.resourceId === undefined ? '' : `${violation.resourceId}: `;
  const rule = violation.rule === undefined ? '' : ` (rule ${violation.rule})`;
  return `${where}${resource}${violation.message}${rule}`;
}

/** Whether an error is a policy failure carrying its violations, from any engine. */
export function isPolicyFailure(error: unknown): error is PolicyFailedError {
  return (
    isKusionError(error) &&
    error.code === 'POLICY_FAILED' &&
    Array.isArray((error as { violations?: unknown }).violations)
  );
}
