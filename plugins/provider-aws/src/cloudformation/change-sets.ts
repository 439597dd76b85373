/**
 * Change sets: created with an explicit `ChangeSetType` (CREATE for a new stack, UPDATE otherwise),
 * waited for, described page by page, deleted. "The submitted information didn't contain changes"
 * / "No updates are to be performed" is an answer (nothing to do), not an error.
 */
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient, ResourceChange } from '@aws-sdk/client-cloudformation';
import { ProviderError } from '@kusion/sdk';
import { call, errorName } from '../aws-errors.js';
import { pollUntil } from './polling.js';

export type ChangeSetType = 'CREATE' | 'UPDATE';

export interface ChangeSetRequest {
  readonly stackName: string;
  readonly type: ChangeSetType;
  readonly templateBody: string;
  readonly tags: readonly (readonly [string, string])[];
  readonly description: string;
}

export interface ChangeSet {
  readonly id: string;
  readonly stackId: string;
  readonly type: ChangeSetType;
  readonly templateBody: string;
  /** False when CloudFormation found nothing to change. */
  readonly hasChanges: boolean;
  readonly changes: readonly ResourceChange[];
}

/** The stack may create IAM resources with custom names; nested stacks are expanded. */
const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

export async function createChangeSet(
  cfn: CloudFormationClient,
  request: ChangeSetRequest,
  signal: AbortSignal,
): Promise<ChangeSet> {
  const name = `kusion-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const created = await call('CreateChangeSet', () =>
    cfn.send(
      new CreateChangeSetCommand({
        StackName: request.stackName,
        ChangeSetName: name,
        ChangeSetType: request.type,
        TemplateBody: request.templateBody,
        Capabilities: [...CAPABILITIES],
        Tags: request.tags.map(([Key, Value]) => ({ Key, Value })),
        Description: request.description,
      }),
      { abortSignal: signal },
    ),
  );
  const id = created.Id ?? name;
  const stackId = created.StackId ?? request.stackName;
  const settled = await pollUntil(async () => {
    const answer = await call('DescribeChangeSet', () =>
      cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id, StackName: stackId }), {
        abortSignal: signal,
      }),
    );
    const status = answer.Status ?? '';
    return status.endsWith('_PENDING') || status.endsWith('_IN_PROGRESS') ? undefined : answer;
  }, signal);

  const base = { id, stackId, type: request.type, templateBody: request.templateBody };
  if (settled.Status === 'FAILED') {
    const reason = settled.StatusReason ?? 'no reason given';
    // AWS keeps failed change sets around: remove it either way.
    await deleteChangeSet(cfn, id, stackId);
    if (NO_CHANGES.test(reason)) return { ...base, hasChanges: false, changes: [] };
    throw new ProviderError(
      `CloudFormation refused the change set for stack ${request.stackName}: ${reason}`,
      {
        hint: 'fix the resource properties named in the message (run `kusion preview --detail` to see the template)',
      },
    );
  }
  const changes = [...(settled.Changes ?? [])];
  let token = settled.NextToken;
  while (token) {
    const page = await call('DescribeChangeSet', () =>
      cfn.send(
        new DescribeChangeSetCommand({ ChangeSetName: id, StackName: stackId, NextToken: token }),
        { abortSignal: signal },
      ),
    );
    changes.push(...(page.Changes ?? []));
    token = page.NextToken;
  }
  return {
    ...base,
    hasChanges: true,
    changes: changes.flatMap((change) => (change.ResourceChange ? [change.ResourceChange] : [])),
  };
}

/** Deletes a change set; one that is already gone is fine. */
export async function deleteChangeSet(
  cfn: CloudFormationClient,
  id: string,
  stackId: string,
): Promise<void> {
  try {
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: id, StackName: stackId }));
  } catch (error) {
    const name = errorName(error);
    if (
      name === 'ChangeSetNotFound' ||
      name === 'ChangeSetNotFoundException' ||
      name === 'ValidationError'
    )
      return;
    throw error;
  }
}

export function isNoChangeMessage(message: string): boolean {
  return NO_CHANGES.test(message);
}
