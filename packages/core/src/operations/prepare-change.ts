/**
 * What preview and deploy share: the prior state, the providers, the graph, provider validation,
 * the three-way plan, and the plan policy.
 */
import { ConfigError, KusionError } from '@kusion/sdk';
import type { Diagnostic, PolicyViolation, Release, ResourceState, Spec } from '@kusion/sdk';
import type { ResourceGraph } from '../graph/resource-graph.js';
import type { StackPlan } from '../plan/plan-entry.js';
import { planStack } from '../plan/planner.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { describeViolation, PolicyFailedError } from '../plan/policy-failure.js';
import type { Run } from '../run/run.js';
import { markSecretSites } from '../secrets/resource-secrets.js';
import type { StackSession } from './stack-session.js';

export interface PreparedChange {
  readonly latest: Release | undefined;
  readonly prior: readonly ResourceState[];
  readonly providers: LoadedProviders;
  readonly stackPlan: StackPlan;
  /** Whether applying the plan would change anything (adoptions included). */
  readonly hasChanges: boolean;
}

export async function prepareChange(
  session: StackSession,
  written: Spec,
  run: Run,
): Promise<PreparedChange> {
  const { engine, scope } = session;
  // `ref://` values in attributes are secrets: resolved while planning and applying, never shown.
  const spec = { resources: markSecretSites(written.resources) };
  const latest = await engine.backend.releases.latest(scope);
  const prior = latest?.state.resources ?? [];
  const types = new Set([...spec.resources.map((r) => r.type), ...prior.map((r) => r.type)]);
  const providers = await session.loadProviders(types);
  try {
    const stackPlan = await run.timings.measure('plan', async () => {
      const analysis = session.analyze(spec.resources, providers);
      checkTargets(run.targets, analysis.graph, prior);
      await validateWithProviders(spec, providers, run);
      const planned = await planStack({ run, analysis, prior, providers });
      await enforcePolicy(run, planned);
      return planned;
    });
    await run.io.notify({
      level: 'info',
      code: 'PLAN_READY',
      message: 'Plan ready',
      data: { plan: stackPlan.plan },
    });
    const hasChanges = stackPlan.plan.changes.some(
      (c) => c.action !== 'UnChanged' || c.isAdoption === true,
    );
    return { latest, prior, providers, stackPlan, hasChanges };
  } catch (error) {
    await providers.closeAll();
    throw error;
  }
}

function checkTargets(
  targets: readonly string[],
  graph: ResourceGraph,
  prior: readonly ResourceState[],
): void {
  if (!targets.length) return;
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
  spec: Spec,
  providers: LoadedProviders,
  run: Run,
): Promise<void> {
  const diagnostics: Diagnostic[] = [];
  for (const type of providers.types) {
    const provider = providers.forType(type);
    if (!provider.validate) continue;
    const resources = spec.resources.filter((r) => r.type === type);
    if (!resources.length) continue;
    diagnostics.push(
      ...(await provider.validate({
        resources,
        context: run.context,
        io: run.io,
        signal: run.readSignal,
      })),
    );
  }
  if (diagnostics.length)
    throw new ConfigError(diagnostics, { hint: 'fix the resources named above' });
}

async function enforcePolicy(run: Run, stackPlan: StackPlan): Promise<void> {
  const { hooks, io } = run;
  if (!hooks.validatePlan.isUsed()) return;
  const violations: PolicyViolation[] = [];
  await hooks.validatePlan.promise(stackPlan.plan, { report: (v) => violations.push(v) });
  for (const warning of violations.filter((v) => v.severity === 'warning')) {
    await io.notify({
      level: 'warn',
      code: 'POLICY_WARNING',
      message: `policy: ${describeViolation(warning)}`,
      data: {
        message: warning.message,
        ...(warning.resourceId === undefined ? {} : { resourceId: warning.resourceId }),
      },
    });
  }
  const errors = violations.filter((v) => v.severity !== 'warning');
  if (errors.length) throw new PolicyFailedError(errors);
}
