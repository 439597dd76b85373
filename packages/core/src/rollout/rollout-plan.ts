/**
 * Before anything is applied, every stack in every workspace of the rollout is opened and planned
 * (as `preview` does: providers read, policy checked), so the whole rollout is shown as one plan and
 * confirmed once. A stack referencing another stack that changes earlier in the same workspace sees
 * those values as "known after apply". Every target's failure is reported together.
 */
import { KusionError, isKusionError } from '@kusion/sdk';
import type {
  ChangeSummary,
  KusionPlugin,
  Plan,
  RolloutPlan,
  RolloutTargetScope,
} from '@kusion/sdk';
import type { ProjectStack } from '../config/project-stacks.js';
import type { EngineContext } from '../operations/engine-context.js';
import { prepareChange } from '../operations/prepare-change.js';
import type { ChangeOptions } from '../operations/run-release.js';
import { latestReleaseLookup, resolveStackReferences } from '../operations/stack-references.js';
import type { StackReferenceLookup } from '../operations/stack-references.js';
import { openStack } from '../operations/stack-session.js';
import type { StackSession } from '../operations/stack-session.js';
import { isPolicyFailure, PolicyFailedError } from '../plan/policy-failure.js';
import type { ReportedViolation } from '../plan/policy-failure.js';
import { referencedStacks, orderStacks } from './stack-order.js';
import { createTargetEngine } from './target-engine.js';
import type { WaveSpec } from './waves.js';

export interface PlannedTarget extends RolloutTargetScope {
  /** 0-based index of its wave. */
  readonly wave: number;
  readonly session: StackSession;
  readonly plan: Plan;
  readonly hasChanges: boolean;
  /** The latest revision when it was planned (0: none). */
  readonly previousRevision: number;
}

export interface PlannedRollout {
  readonly plan: RolloutPlan;
  /** Wave by wave; in a workspace, stacks in deploy order. */
  readonly targets: readonly PlannedTarget[];
  /** Deploy order. */
  readonly stacks: readonly string[];
  readonly hasChanges: boolean;
}

export interface PlanRolloutRequest {
  readonly engine: EngineContext;
  readonly rolloutId: string;
  readonly project: string;
  readonly stacks: readonly ProjectStack[];
  readonly waves: readonly WaveSpec[];
  readonly plugins: readonly KusionPlugin[];
  readonly options: ChangeOptions;
}

const keyOf = (scope: RolloutTargetScope): string => `${scope.workspace}\u0000${scope.stack}`;

export async function planRollout(request: PlanRolloutRequest): Promise<PlannedRollout> {
  const { engine, waves } = request;
  const confirmed = new Map<string, Plan>();
  const failures: { scope: RolloutTargetScope; error: unknown }[] = [];

  // Open every target first: the Specs tell the order of the stacks.
  const sessions = new Map<string, StackSession>();
  for (const wave of waves) {
    for (const workspace of wave.workspaces) {
      for (const stack of request.stacks) {
        const scope = { workspace, stack: stack.name };
        try {
          const targetEngine = await createTargetEngine({
            engine,
            plugins: request.plugins,
            target: scope,
            rolloutId: request.rolloutId,
            confirm: (plan) => {
              assertSamePlan(scope, confirmed.get(keyOf(scope)), plan);
            },
          });
          sessions.set(
            keyOf(scope),
            await openStack(targetEngine, { workdir: stack.dir, workspace }),
          );
        } catch (error) {
          failures.push({ scope, error });
        }
      }
    }
  }
  throwFailures(failures);

  const stacks = stackOrder(request.stacks, [...sessions.values()]);
  const planned = new Map<string, PlannedTarget>();
  await Promise.all(
    waves.flatMap((wave, waveIndex) =>
      wave.workspaces.map(async (workspace) => {
        for (const stack of stacks) {
          const scope = { workspace, stack };
          const session = sessions.get(keyOf(scope));
          if (!session) continue;
          try {
            const target = await planTarget(session, waveIndex, request.options, (other) =>
              planned.get(keyOf({ workspace, stack: other }))?.hasChanges === true
                ? Promise.resolve({ isUnknown: true })
                : latestReleaseLookup(session)(other),
            );
            planned.set(keyOf(scope), target);
            confirmed.set(keyOf(scope), target.plan);
          } catch (error) {
            failures.push({ scope, error });
          }
        }
      }),
    ),
  );
  throwFailures(failures);

  const targets = waves.flatMap((wave) =>
    wave.workspaces.flatMap((workspace) =>
      stacks.flatMap((stack) => planned.get(keyOf({ workspace, stack })) ?? []),
    ),
  );
  return {
    plan: {
      rolloutId: request.rolloutId,
      project: request.project,
      stacks,
      waves: waves.map((wave) => ({
        name: wave.name,
        workspaces: wave.workspaces,
        targets: targets
          .filter((target) => wave.workspaces.includes(target.workspace))
          .map(({ workspace, stack, plan, hasChanges }) => ({
            workspace,
            stack,
            plan,
            hasChanges,
          })),
      })),
      summary: addSummaries(targets.map((target) => target.plan.summary)),
    },
    targets,
    stacks,
    hasChanges: targets.some((target) => target.hasChanges),
  };
}

async function planTarget(
  session: StackSession,
  wave: number,
  options: ChangeOptions,
  lookup: StackReferenceLookup,
): Promise<PlannedTarget> {
  const spec = await resolveStackReferences(session, session.spec, lookup);
  const prepared = await prepareChange(session, spec, session.createRun(options));
  await prepared.providers.closeAll();
  return {
    ...session.scope,
    wave,
    session,
    plan: session.engine.scrubber.scrubDeep(prepared.stackPlan.plan),
    hasChanges: prepared.hasChanges,
    previousRevision: prepared.latest?.revision ?? 0,
  };
}

/** The stacks in dependency order, from what every opened Spec references. */
function stackOrder(stacks: readonly ProjectStack[], sessions: readonly StackSession[]): string[] {
  const names = stacks.map((stack) => stack.name);
  if (names.length < 2) return names;
  const inRollout = new Set(names);
  const references = new Map<string, Set<string>>();
  for (const session of sessions) {
    const found = references.get(session.scope.stack) ?? new Set<string>();
    for (const stack of referencedStacks(session.spec, session.projectStacks))
      if (inRollout.has(stack)) found.add(stack);
    references.set(session.scope.stack, found);
  }
  return orderStacks(names, references);
}

/**
 * The release about to apply must do what was confirmed: every change it makes was in the
 * confirmed plan with the same action (a change that disappeared is fine).
 */
export function assertSamePlan(
  scope: RolloutTargetScope,
  confirmed: Plan | undefined,
  now: Plan,
): void {
  const before = new Map(confirmed?.changes.map((change) => [change.id, change.action]));
  const differences = now.changes
    .filter((change) => change.action !== 'UnChanged' && before.get(change.id) !== change.action)
    .map((change) => {
      const was = before.get(change.id);
      return `${change.id} is now ${change.action} (${was === undefined ? 'not in the confirmed plan' : `confirmed: ${was}`})`;
    });
  if (!differences.length) return;
  throw new KusionError(
    'PLAN_CHANGED',
    `the plan of stack "${scope.stack}" in workspace "${scope.workspace}" changed since the rollout was confirmed: ${differences.join('; ')}`,
    {
      hint: `nothing was applied to "${scope.workspace}"; review the new plan (\`kusion rollout --dry-run\`) and run the rollout again`,
    },
  );
}

/** One error for every target that could not be opened or planned (policy violations merged). */
function throwFailures(failures: readonly { scope: RolloutTargetScope; error: unknown }[]): void {
  if (!failures.length) return;
  if (failures.every((failure) => isPolicyFailure(failure.error))) {
    const violations: ReportedViolation[] = failures.flatMap(({ scope, error }) =>
      isPolicyFailure(error) ? error.violations.map((v) => ({ ...v, ...scope })) : [],
    );
    throw new PolicyFailedError(violations);
  }
  const [first] = failures;
  const describe = ({ scope, error }: (typeof failures)[number]): string =>
    `[${scope.workspace}/${scope.stack}] ${error instanceof Error ? error.message : String(error)}`;
  const firstError = first?.error;
  throw new KusionError(
    isKusionError(firstError) ? String(firstError.code) : 'INTERNAL',
    failures.map(describe).join('; '),
    {
      cause: firstError,
      hint: isKusionError(firstError) ? firstError.hint : undefined,
    },
  );
}

function addSummaries(summaries: readonly ChangeSummary[]): ChangeSummary {
  const total = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 };
  for (const summary of summaries) {
    total.create += summary.create;
    total.update += summary.update;
    total.replace += summary.replace;
    total.delete += summary.delete;
    total.unchanged += summary.unchanged;
  }
  return total;
}
