/**
 * CloudFormation's own drift detection: DetectStackDrift, wait for DescribeStackDriftDetectionStatus,
 * then DescribeStackResourceDrifts (paginated). An endpoint that does not implement it (moto answers
 * HTTP 500) yields `unsupported`, and the caller falls back to the services' describe calls.
 */
import {
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { call, errorName, httpStatusOf, toProviderError } from '../aws-errors.js';
import { pollUntil } from '../cloudformation/polling.js';
import type { PropertyDifference } from './property-overlay.js';

export type ResourceDriftStatus = 'IN_SYNC' | 'MODIFIED' | 'DELETED' | 'NOT_CHECKED' | 'UNKNOWN';

export interface ResourceDrift {
  readonly status: ResourceDriftStatus;
  readonly differences: readonly PropertyDifference[];
}

export type DriftReport =
  | { readonly isSupported: true; readonly resources: ReadonlyMap<string, ResourceDrift> }
  | { readonly isSupported: false; readonly why: string };

const UNSUPPORTED_NAMES = new Set([
  'NotImplemented',
  'NotImplementedException',
  'InvalidAction',
  'UnknownOperationException',
  'InternalFailure',
]);

/**
 * `once` makes the first call without SDK retries: an endpoint without drift detection answers
 * 500 every time, and retrying it only delays the fallback.
 */
export async function detectDrift(
  cfn: CloudFormationClient,
  once: CloudFormationClient,
  stackName: string,
  signal: AbortSignal,
): Promise<DriftReport> {
  let detectionId: string | undefined;
  try {
    detectionId = (
      await once.send(new DetectStackDriftCommand({ StackName: stackName }), {
        abortSignal: signal,
      })
    ).StackDriftDetectionId;
  } catch (error) {
    const status = httpStatusOf(error);
    if (
      (status !== undefined && status >= 500) ||
      UNSUPPORTED_NAMES.has(errorName(error)) ||
      status === 404
    ) {
      return {
        isSupported: false,
        why: `DetectStackDrift answered ${status === undefined ? errorName(error) : `HTTP ${status}`}`,
      };
    }
    throw toProviderError(error, 'DetectStackDrift');
  }
  if (detectionId === undefined)
    return { isSupported: false, why: 'DetectStackDrift returned no detection id' };
  const id = detectionId;

  // DETECTION_FAILED still lists the resources it could check (the others are NOT_CHECKED).
  await pollUntil(async () => {
    const answer = await call('DescribeStackDriftDetectionStatus', () =>
      cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }), {
        abortSignal: signal,
      }),
    );
    return answer.DetectionStatus === 'DETECTION_IN_PROGRESS' ? undefined : answer;
  }, signal);

  const resources = new Map<string, ResourceDrift>();
  let token: string | undefined;
  do {
    const page = await call('DescribeStackResourceDrifts', () =>
      cfn.send(
        new DescribeStackResourceDriftsCommand({
          StackName: stackName,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
        { abortSignal: signal },
      ),
    );
    for (const drift of page.StackResourceDrifts ?? []) {
      if (drift.LogicalResourceId === undefined) continue;
      resources.set(drift.LogicalResourceId, {
        status: (drift.StackResourceDriftStatus ?? 'UNKNOWN') as ResourceDriftStatus,
        differences: (drift.PropertyDifferences ?? []).map((difference) => ({
          path: difference.PropertyPath ?? '',
          actual: difference.ActualValue,
          kind: difference.DifferenceType ?? 'NOT_EQUAL',
        })),
      });
    }
    token = page.NextToken;
  } while (token);
  return { isSupported: true, resources };
}
