/**
 * Checks a plan against the rules. Content rules look at what a change will apply (creates,
 * updates, replaces), so a deploy is never blocked by an unchanged resource it does not touch;
 * `forbid-protected-deletes` looks at what a change removes (deletes, and replaces, which delete).
 */
import type { Plan, PlannedChange, PolicyViolation } from '@kusion/sdk';
import { labelsOf } from './rules/attributes.js';
import { publicBucketProblems } from './rules/deny-public-buckets.js';
import { limitIn, replicasOf } from './rules/limit-replicas.js';
import { isProtected } from './rules/protected.js';
import type { PolicyRule } from './types.js';

const APPLIES = new Set(['Create', 'Update', 'Replace']);
const REMOVES = new Set(['Delete', 'Replace']);

export function evaluatePolicy(plan: Plan, rules: readonly PolicyRule[]): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const rule of rules) {
    if (rule.workspaces && !rule.workspaces.includes(plan.workspace)) continue;
    for (const change of plan.changes) {
      if (rule.types && !rule.types.includes(change.type)) continue;
      for (const message of problemsOf(rule, change, plan)) {
        violations.push({
          resourceId: change.id,
          rule: rule.name,
          message,
          severity: rule.severity ?? 'error',
        });
      }
    }
  }
  return violations;
}

function problemsOf(rule: PolicyRule, change: PlannedChange, plan: Plan): readonly string[] {
  const desired = APPLIES.has(change.action) ? change.desired : undefined;
  switch (rule.kind) {
    case 'deny-public-buckets':
      return desired
        ? publicBucketProblems(desired.attributes).map((p) => `public bucket: ${p}`)
        : [];
    case 'require-labels': {
      if (!desired) return [];
      const labels = labelsOf(desired.attributes);
      const missing = rule.labels.filter((label) => !labels.has(label));
      return missing.length
        ? [
            `missing label${missing.length > 1 ? 's' : ''} ${missing.map((l) => `"${l}"`).join(', ')}`,
          ]
        : [];
    }
    case 'limit-replicas': {
      const replicas = desired ? replicasOf(desired.attributes) : undefined;
      const limit = limitIn(rule.max, plan.workspace);
      return replicas !== undefined && limit !== undefined && replicas > limit
        ? [`${replicas} replicas, more than the ${limit} allowed in workspace "${plan.workspace}"`]
        : [];
    }
    case 'forbid-protected-deletes':
      return REMOVES.has(change.action) && isProtected(change.prior ?? change.desired)
        ? [
            `${change.action === 'Replace' ? 'replacing (deleting, then creating)' : 'deleting'} a protected resource (${change.reason})`,
          ]
        : [];
    case undefined: {
      const answer = rule.check({ change, plan, ...plan });
      if (answer === undefined) return [];
      return typeof answer === 'string' ? [answer] : answer;
    }
  }
}
