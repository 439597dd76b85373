export { policyPlugin as default, policyPlugin } from './plugin.js';
export { evaluatePolicy } from './evaluate.js';
export { loadRules } from './rule-file.js';
export { definePolicy } from './define-policy.js';
export type {
  BuiltInRule,
  CustomRule,
  DenyPublicBucketsRule,
  ForbidProtectedDeletesRule,
  LimitReplicasRule,
  PolicyRule,
  RequireLabelsRule,
  RuleInput,
  Severity,
} from './types.js';
