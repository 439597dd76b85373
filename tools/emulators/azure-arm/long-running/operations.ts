/**
 * Long-running operations. An operation answers "still running" to a set number of polls
 * (`settings.runningPolls`) and then completes: its `complete` callback runs once, on the poll that
 * finds it due, so the effects (a deployment's resources, a group's deletion) appear exactly when
 * a client following the protocol would see them.
 *
 * Two polling styles, as ARM uses them: `Azure-AsyncOperation` URLs (`…/operationStatuses/{id}`)
 * answer 200 with `{ status }` (`Running`/`InProgress`, then `Succeeded`/`Failed`/`Canceled`);
 * `Location` URLs (`…/operationResults/{id}`) answer 202 while running and then the operation's
 * result (its status code and body).
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../emulator-context.ts';
import { ArmError, detailToJson } from '../http/arm-error.ts';
import { json } from '../http/exchange.ts';
import type { ArmResponse } from '../http/exchange.ts';
import type { JsonObject } from '../json-value.ts';
import type { LongRunningOperation, OperationOutcome } from './operation.ts';

export type { LongRunningOperation, OperationOutcome, OperationStatus } from './operation.ts';

export function startOperation(
  context: EmulatorContext,
  options: {
    readonly apiVersion: string;
    readonly runningStatus?: LongRunningOperation['runningStatus'];
    readonly complete: () => OperationOutcome;
  },
): LongRunningOperation {
  const operation: LongRunningOperation = {
    id: randomUUID(),
    startTime: new Date().toISOString(),
    apiVersion: options.apiVersion,
    runningStatus: options.runningStatus ?? 'Running',
    pollsLeft: context.settings.runningPolls,
    outcome: undefined,
    complete: options.complete,
  };
  context.state.operations.set(operation.id, operation);
  return operation;
}

/** One look at the operation: counts a running poll down, or completes it when due. */
export function observe(operation: LongRunningOperation): OperationOutcome | undefined {
  if (operation.outcome !== undefined) return operation.outcome;
  if (operation.pollsLeft > 0) {
    operation.pollsLeft -= 1;
    return undefined;
  }
  finish(operation, completeSafely(operation));
  return operation.outcome;
}

/** An operation whose work throws ends Failed with the error, instead of running forever. */
function completeSafely(operation: LongRunningOperation): OperationOutcome {
  try {
    return operation.complete();
  } catch (error) {
    const failure =
      error instanceof ArmError
        ? error
        : new ArmError(500, 'InternalServerError', `The ARM emulator failed: ${String(error)}`);
    return {
      status: 'Failed',
      error: failure.detail,
      result: json(failure.status, { error: detailToJson(failure.detail) }),
    };
  }
}

/** Ends the operation with `outcome` (cancellation) unless it already ended. */
export function finish(operation: LongRunningOperation, outcome: OperationOutcome): void {
  operation.outcome ??= { ...outcome, endTime: new Date().toISOString() };
}

export function isRunning(operation: LongRunningOperation): boolean {
  return operation.outcome === undefined;
}

/** `Location` URL of an operation of Microsoft.Resources (groups, deployments, what-if). */
export function operationResultUrl(
  context: EmulatorContext,
  operation: LongRunningOperation,
): string {
  return `${context.endpoint}/subscriptions/${context.state.subscriptionId}/operationresults/${operation.id}?api-version=${operation.apiVersion}`;
}

/** `Azure-AsyncOperation` URL under `basePath` (a deployment, or a provider's location). */
export function operationStatusUrl(
  context: EmulatorContext,
  basePath: string,
  operation: LongRunningOperation,
): string {
  return `${context.endpoint}${basePath}/operationStatuses/${operation.id}?api-version=${operation.apiVersion}`;
}

/** A resource provider's `Location` URL for its own long-running writes. */
export function providerResultUrl(
  context: EmulatorContext,
  basePath: string,
  operation: LongRunningOperation,
): string {
  return `${context.endpoint}${basePath}/operationResults/${operation.id}?api-version=${operation.apiVersion}`;
}

function requireOperation(context: EmulatorContext, id: string): LongRunningOperation {
  const operation = context.state.operations.get(id);
  if (operation === undefined)
    throw new ArmError(404, 'OperationNotFound', `The operation '${id}' could not be found.`);
  return operation;
}

function retryAfter(context: EmulatorContext): Record<string, string> {
  return { 'Retry-After': String(context.settings.retryAfterSeconds) };
}

export function answerOperationStatus(context: EmulatorContext, id: string): ArmResponse {
  const operation = requireOperation(context, id);
  const outcome = observe(operation);
  const base: JsonObject = { id: operation.id, name: operation.id, startTime: operation.startTime };
  if (outcome === undefined)
    return json(200, { ...base, status: operation.runningStatus }, retryAfter(context));
  return json(200, {
    ...base,
    status: outcome.status,
    endTime: operation.outcome?.endTime ?? operation.startTime,
    ...(outcome.error === undefined ? {} : { error: detailToJson(outcome.error) }),
  });
}

export function answerOperationResult(
  context: EmulatorContext,
  id: string,
  selfUrl: string,
): ArmResponse {
  const outcome = observe(requireOperation(context, id));
  if (outcome === undefined)
    return { status: 202, headers: { Location: selfUrl, ...retryAfter(context) } };
  return outcome.result;
}
