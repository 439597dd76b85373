/**
 * Preview: one `terraform plan` of the whole stack module, read back with `terraform show -json`
 * and mapped per resource. Never mutates anything: the state is a copy in a temporary folder.
 */
import { declaredSensitivePaths } from '@kusion/sdk';
import type { BatchPlanRequest, BatchPlanResult } from '@kusion/sdk';
import { prepareStackModule } from '../stack-module.js';
import type { ProviderEnvironment } from '../stack-module.js';
import { throwRunFailure } from '../terraform/run-failure.js';
import { withWorkdir } from '../terraform/workdir.js';
import { mapPlan } from './plan-mapping.js';
import type { JsonPlan } from './plan-mapping.js';

export async function planStack(
  environment: ProviderEnvironment,
  request: BatchPlanRequest,
): Promise<BatchPlanResult> {
  if (!request.resources.length && !request.priors.length) return { changes: new Map() };
  const stack = await prepareStackModule(environment, {
    resources: request.resources,
    priors: request.priors,
    referencedAttributes: request.referencedAttributes,
    unknownPaths: request.unknownPaths,
    io: request.io,
    signal: request.signal,
  });
  const plan = await withWorkdir(stack.workdir, async (workdir) => {
    const planned = await workdir.run(['plan', '-input=false', '-json', '-out=plan.out']);
    if (planned.exitCode !== 0) throwRunFailure('plan', planned, stack);
    const shown = await workdir.run(['show', '-json', 'plan.out']);
    if (shown.exitCode !== 0) throwRunFailure('show', shown, stack);
    return JSON.parse(shown.stdout) as JsonPlan;
  });
  return {
    changes: mapPlan({
      plan,
      desired: stack.desired,
      recorded: stack.recorded,
      declaredSensitive: new Map(request.resources.map((r) => [r.id, declaredSensitivePaths(r)])),
    }),
  };
}
