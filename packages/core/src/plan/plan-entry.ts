/** What the planner hands the executor: the public plan, and per resource what applying it needs. */
import type { Attributes, Plan, PlannedChange } from '@kusion/sdk';
import type { SpecAnalysis } from '../graph/spec-analysis.js';

/** Everything the executor needs about one planned resource. */
export interface PlanEntry extends PlannedChange {
  readonly live?: Attributes | undefined;
  readonly predicted?: Attributes | undefined;
  /** Paths masked in output and hashed in state: declared, reported by the provider, inherited. */
  readonly sensitivePaths: readonly string[];
}

export interface StackPlan {
  /** What leaves the engine: no live or predicted objects, secrets masked. */
  readonly plan: Plan;
  readonly entries: ReadonlyMap<string, PlanEntry>;
  /** The graph and the providers' facts the plan was made from. */
  readonly analysis: SpecAnalysis;
  /** The batch a resource belongs to (one per batch provider); undefined when applied on its own. */
  readonly batchOf: (id: string) => string | undefined;
}
