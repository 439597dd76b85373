/** Every backend check: workspaces, then releases and their journals, then locks, then rollouts. */
import { journalChecks } from './journal-checks.js';
import { lockChecks } from './lock-checks.js';
import { releaseChecks } from './release-checks.js';
import { rolloutChecks } from './rollout-checks.js';
import type { BackendConformanceCheck } from './types.js';
import { workspaceChecks } from './workspace-checks.js';

export const backendConformanceChecks: readonly BackendConformanceCheck[] = [
  ...workspaceChecks,
  ...releaseChecks,
  ...journalChecks,
  ...lockChecks,
  ...rolloutChecks,
];
