/** Every check, per provider kind, in the order a reader follows a resource's life. */
import { batchChecks } from './batch-checks.js';
import { lifecycleChecks } from './lifecycle-checks.js';
import { safetyChecks } from './safety-checks.js';
import type { BatchConformanceCheck, ConformanceCheck } from './types.js';

/** The checks of a resource provider. */
export const conformanceChecks: readonly ConformanceCheck[] = [...lifecycleChecks, ...safetyChecks];

/** The checks of a batch provider. */
export const batchConformanceChecks: readonly BatchConformanceCheck[] = batchChecks;
