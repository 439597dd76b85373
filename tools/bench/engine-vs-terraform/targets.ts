// The performance targets kusion's engine is held to, and whether a run meets them.
import type { Shape } from './graph-shapes.ts';
import type { Step, StepTimes } from './timing.ts';

export interface CaseResult {
  readonly shape: Shape;
  readonly size: number;
  readonly kusion: StepTimes;
  /** Absent with --skip-terraform. */
  readonly terraform?: StepTimes;
}

export interface Target {
  readonly shape: Shape;
  readonly minRatio: number;
}

export const TARGET_SIZE = 1000;
export const TARGET_STEPS: readonly Step[] = ['apply', 'destroy'];
// A chain is where a per-node cost in the engine shows: terraform pays it N times in a row.
export const TARGETS: readonly Target[] = [
  { shape: 'wide', minRatio: 20 },
  { shape: 'chain', minRatio: 100 },
];

export interface TargetCheck {
  readonly shape: Shape;
  readonly step: Step;
  readonly minRatio: number;
  /** terraform seconds / kusion seconds; null when the case was not run. */
  readonly ratio: number | null;
}

export function ratio(kusion: number, terraform: number): number {
  return terraform / kusion;
}

export function checkTargets(results: readonly CaseResult[]): TargetCheck[] {
  return TARGETS.flatMap((target) => {
    const result = results.find((r) => r.shape === target.shape && r.size === TARGET_SIZE);
    return TARGET_STEPS.map((step) => ({
      shape: target.shape,
      step,
      minRatio: target.minRatio,
      ratio: result?.terraform ? ratio(result.kusion[step], result.terraform[step]) : null,
    }));
  });
}

/** true or false once every target was measured; null when some were not. */
export function targetsMet(checks: readonly TargetCheck[]): boolean | null {
  if (checks.some((c) => c.ratio === null)) return null;
  return checks.every((c) => c.ratio !== null && c.ratio >= c.minRatio);
}

export const LINEARITY_SIZES = { small: 1000, large: 10_000 } as const;
export const LINEARITY_LIMIT = 10;

export interface LinearityResult {
  readonly small: StepTimes;
  readonly large: StepTimes;
  /** large / small per step: 10 means the time grew as fast as N. */
  readonly growth: StepTimes;
  readonly met: boolean;
}

export function checkLinearity(small: StepTimes, large: StepTimes): LinearityResult {
  const growth = {
    plan: large.plan / small.plan,
    apply: large.apply / small.apply,
    destroy: large.destroy / small.destroy,
  };
  const met = TARGET_STEPS.every((step) => growth[step] < LINEARITY_LIMIT);
  return { small, large, growth, met };
}
