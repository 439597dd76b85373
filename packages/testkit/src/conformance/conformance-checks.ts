/** Every check, in the order a reader follows a resource's life. */
import { lifecycleChecks } from './lifecycle-checks.js';
import { safetyChecks } from './safety-checks.js';
import type { ConformanceCheck } from './types.js';

export const conformanceChecks: readonly ConformanceCheck[] = [...lifecycleChecks, ...safetyChecks];
