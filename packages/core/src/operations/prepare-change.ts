/**
 * What preview and deploy share: the prior state, the providers, the graph, provider validation,
 * the three-way plan, and the plan policy.
 */
import { ConfigError, KusionError } from '@kusion/sdk';
import type {
  ApplyOptions,
  Diagnostic,
  PolicyViolation,
  Release,
  ResourceState,
  Spec,
} from '@kusion/sdk';
import type { ResourceGraph } from '../graph/resource-graph.js';
import { planStack } from '../plan/planner.js';
import type { StackPlan } from '../plan/planner.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import type { StackSession } from './stack-session.js';

export interface PlanOptions {
  /** Operations in parallel; default 10. */
  readonly concurrency?: number | undefined;
  /** Only these ids and their dependencies. */
  readonly targets?: readonly string[] | undefined;
  /** Field paths left out of the diff (`metadata.annotations`). */
  readonly ignoreFields?: readonly string[] | undefined;
  /** Wait for readiness after apply (default true). */
  readonly watch?: boolean | undefined;
  /** Take ownership of fields other managers own (Kubernetes). */
  readonly forceConflicts?: boolean | undefined;
  /** Milliseconds the whole run may take. */
  readonly timeoutMs?: number | undefined;
}

export interface PreparedChange {
  readonly latest: Release | undefined;
  readonly prior: readonly ResourceState[];
  readonly providers: LoadedProviders;
  readonly graph: ResourceGraph;
  readonly stackPlan: StackPlan;
  readonly applyOptions: ApplyOptions;
  readonly concurrency: number;
  /** Whether applying the plan would change anything (adoptions included). */
  readonly hasChanges: boolean;
}

export const DEFAULT_CONCURRENCY = 10;

export async function prepareChange(
  session: StackSession,
  spec: Spec,
  options: PlanOptions,
  signal: AbortSignal,
): Promise<PreparedChange> {
  const { engine, scope } = session;
  const latest = await engine.backend.releases.latest(scope);
  const prior = latest?.state.resources ?? [];
  const types = new Set([...spec.resources.map((r) => r.type), ...prior.map((r) => r.type)]);
  const providers = await session.loadProviders(types);
  try {
    const graph = session.buildGraph(spec.resources, providers);
    checkTargets(options.targets, graph, prior);
    await validateWithProviders(session, spec, providers, signal);

    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    const applyOptions: ApplyOptions = {
      watch: options.watch ?? true,
      forceConflicts: options.forceConflicts ?? false,
      deadline: options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs,
    };
    const stackPlan = await planStack({
      graph,
      prior,
      providers,
      context: session.providerContext,
      io: engine.io,
      signal,
      concurrency,
      applyOptions,
      ignoreFields: options.ignoreFields,
      targets: options.targets,
    });
    await enforcePolicy(session, stackPlan);
    await engine.io.notify({
      level: 'info',
      code: 'PLAN_READY',
      message: 'Plan ready',
      data: { plan: stackPlan.plan },
    });
    const hasChanges = stackPlan.plan.changes.some(
      (c) => c.action !== 'UnChanged' || c.isAdoption === true,
    );
    return { latest, prior, providers, graph, stackPlan, applyOptions, concurrency, hasChanges };
  } catch (error) {
    await providers.closeAll();
    throw error;
  }
}

function checkTargets(
  targets: readonly string[] | undefined,
  graph: ResourceGraph,
  prior: readonly ResourceState[],
): void {
  if (!targets?.length) return;
  const known = new Set([...graph.order, ...prior.map((r) => r.id)]);
  const unknown = targets.filter((t) => !known.has(t));
  if (unknown.length) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `--target names no resource: ${unknown.map((t) => `"${t}"`).join(', ')}`,
      {
        hint: 'use an id from `kusion preview` or `kusion generate`',
      },
    );
  }
}

async function validateWithProviders(
  session: StackSession,
  spec: Spec,
  providers: LoadedProviders,
  signal: AbortSignal,
): Promise<void> {
  const diagnostics: Diagnostic[] = [];
  for (const type of providers.types) {
    const provider = providers.forType(type);
    if (!provider.validate) continue;
    const resources = spec.resources.filter((r) => r.type === type);
    if (!resources.length) continue;
    const found = await provider.validate({
      resources,
      context: session.providerContext,
      io: session.engine.io,
      signal,
    });
    diagnostics.push(...found);
  }
  if (diagnostics.length)
    throw new ConfigError(diagnostics, { hint: 'fix the resources named above' });
}

async function enforcePolicy(session: StackSession, stackPlan: StackPlan): Promise<void> {
  const { hooks, io } = session.engine;
  if (!hooks.validatePlan.isUsed()) return;
  const violations: PolicyViolation[] = [];
  await hooks.validatePlan.promise(stackPlan.plan, { report: (v) => violations.push(v) });
  for (const warning of violations.filter((v) => v.severity === 'warning')) {
    await io.notify({
      level: 'warn',
      code: 'LOG',
      message: `policy: ${warning.resourceId ? `${warning.resourceId}: ` : ''}${warning.message}`,
    });
  }
  const errors = violations.filter((v) => v.severity !== 'warning');
  if (errors.length) {
    throw new KusionError(
      'POLICY_FAILED',
      `the plan breaks ${errors.length} polic${errors.length > 1 ? 'ies' : 'y'}: ${errors.map((v) => (v.resourceId ? `${v.resourceId}: ${v.message}` : v.message)).join('; ')}`,
      { hint: 'change the configuration so the policy passes' },
    );
  }
}
