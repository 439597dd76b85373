/** Every backend check: workspaces, then releases and their journals, then locks and fencing, then rollouts and the data key. */
import { crashChecks } from './crash-checks.js';
import { fencingChecks } from './fencing-checks.js';
import { journalChecks } from './journal-checks.js';
import { keyStoreChecks } from './key-store-checks.js';
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
  ...fencingChecks,
  ...crashChecks,
  ...rolloutChecks,
  ...keyStoreChecks,
];
