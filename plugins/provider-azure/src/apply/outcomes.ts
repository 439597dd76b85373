/**
 * Per-resource outcomes of one deployment. On success each resource's attributes are its normal
 * form with the values of the outputs other providers reference. ARM does not roll back an
 * incremental deployment, so on failure each resource says what happened to it: failed with
 * ARM's code and message, deployed (its referenced values then read by id, since ARM evaluates
 * no outputs of a failed deployment), or not reached.
 */
import type { DeploymentOperation, DeploymentExtended } from '@azure/arm-resourcesdeployments';
import { declaredSensitivePaths, getAtPath } from '@kusion/sdk';
import type { BatchOutcome, Resource } from '@kusion/sdk';
import { call } from '../arm/azure-errors.js';
import { describeArmError } from '../arm/azure-errors.js';
import type { ArmErrorBody } from '../arm/azure-errors.js';
import type { AzureTarget } from '../model/azure-resource.js';
import { normalAttributes } from '../model/normal-form.js';
import { SECRET_DIGESTS_KEY } from '../model/secret-digests.js';
import type { OutputBinding } from '../model/template.js';
import type { ProviderEnvironment } from '../provider-environment.js';
import type { DeploymentRun } from './deployment-runner.js';

export interface OutcomeRequest {
  readonly environment: ProviderEnvironment;
  readonly resourceGroup: string;
  readonly members: readonly Resource[];
  readonly targets: ReadonlyMap<string, AzureTarget>;
  readonly outputs: readonly OutputBinding[];
  readonly run: DeploymentRun;
  /** What to record of each member's secrets (`secret-digests.ts`), by id. */
  readonly secretDigests: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly signal: AbortSignal;
}

export interface GroupOutcomes {
  readonly outcomes: Map<string, BatchOutcome>;
  /** `<id>: <code>: <message>` of each resource ARM failed, for the summary. */
  readonly failures: readonly string[];
}

export async function outcomesOf(request: OutcomeRequest): Promise<GroupOutcomes> {
  const { run } = request;
  if (run.isSucceeded) return { outcomes: succeeded(request), failures: [] };
  return failed(request);
}

function succeeded(request: OutcomeRequest): Map<string, BatchOutcome> {
  const outputs = (request.run.deployment.properties?.outputs ?? {}) as Record<
    string,
    { value?: { value?: unknown } } | undefined
  >;
  const outcomes = new Map<string, BatchOutcome>();
  for (const member of request.members) {
    const target = request.targets.get(member.id);
    if (!target) continue;
    const values = new Map<string, unknown>();
    for (const binding of request.outputs.filter((candidate) => candidate.id === member.id))
      values.set(binding.path, outputs[binding.key]?.value?.value);
    outcomes.set(member.id, success(member, target, values, request.secretDigests.get(member.id)));
  }
  return outcomes;
}

async function failed(request: OutcomeRequest): Promise<GroupOutcomes> {
  const { run, environment } = request;
  const operations = new Map<string, DeploymentOperation>();
  for (const operation of run.operations) {
    const armId = operation.properties?.targetResource?.id;
    if (armId !== undefined) operations.set(armId.toLowerCase(), operation);
  }
  const deploymentError = errorOf(run.deployment);
  const outcomes = new Map<string, BatchOutcome>();
  const failures: string[] = [];
  for (const member of request.members) {
    const target = request.targets.get(member.id);
    if (!target) continue;
    const operation = operations.get(target.armId.toLowerCase());
    const state = operation?.properties?.provisioningState;
    if (state === 'Failed') {
      const error = (operation?.properties?.statusMessage?.error ?? {}) as ArmErrorBody & {
        error?: ArmErrorBody;
      };
      const body = error.error ?? error;
      const text = `${body.code ?? operation?.properties?.statusCode ?? 'Error'}: ${describeArmError(body)}`;
      failures.push(`${member.id}: ${text}`);
      outcomes.set(member.id, { status: 'failed', error: text });
    } else if (state === 'Succeeded') {
      const paths = request.outputs
        .filter((binding) => binding.id === member.id)
        .map((binding) => binding.path);
      const values = paths.length
        ? await readValues(environment, target, paths, request.signal)
        : new Map();
      outcomes.set(
        member.id,
        success(member, target, values, request.secretDigests.get(member.id)),
      );
    } else {
      outcomes.set(member.id, {
        status: 'failed',
        error: `not deployed: deployment ${environment.deploymentName} in resource group ${request.resourceGroup} failed before reaching it`,
      });
    }
  }
  if (!failures.length) {
    const text =
      deploymentError ??
      `deployment ${environment.deploymentName} ended ${run.deployment.properties?.provisioningState ?? 'failed'}`;
    failures.push(text);
    for (const [id, outcome] of outcomes)
      if (outcome.status === 'failed') outcomes.set(id, { status: 'failed', error: text });
  }
  const first = failures[0] ?? '';
  for (const [id, outcome] of outcomes) {
    if (outcome.status === 'failed' && outcome.error.startsWith('not deployed'))
      outcomes.set(id, { status: 'failed', error: `${outcome.error} (${first})` });
  }
  return { outcomes, failures };
}

function success(
  member: Resource,
  target: AzureTarget,
  values: ReadonlyMap<string, unknown>,
  secretDigests: Readonly<Record<string, string>> | undefined,
): BatchOutcome {
  const attributes = {
    ...normalAttributes(member, target, values),
    ...(secretDigests ? { [SECRET_DIGESTS_KEY]: secretDigests } : {}),
  };
  const sensitivePaths = declaredSensitivePaths(member);
  return sensitivePaths.length
    ? { status: 'succeeded', attributes, sensitivePaths }
    : { status: 'succeeded', attributes };
}

async function readValues(
  environment: ProviderEnvironment,
  target: AzureTarget,
  paths: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, unknown>> {
  const live = await call(`reading ${target.armId}`, () =>
    environment.clients.resources.resources.getById(target.armId, target.apiVersion, {
      abortSignal: signal,
    }),
  );
  return new Map(paths.map((path) => [path, getAtPath(live, path).value]));
}

function errorOf(deployment: DeploymentExtended): string | undefined {
  const error = deployment.properties?.error as
    (ArmErrorBody & { error?: ArmErrorBody }) | undefined;
  const body = error?.error ?? error;
  return body ? `${body.code ?? 'Error'}: ${describeArmError(body)}` : undefined;
}
