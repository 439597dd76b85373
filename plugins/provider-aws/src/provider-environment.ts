/**
 * What one provider instance shares between its operations: settings, clients, the
 * stack name, the change sets the plan prepared for apply, and notices already given.
 */
import type { ProviderContext } from '@kusion/sdk';
import type { AwsClients } from './aws-clients.js';
import { deleteChangeSet } from './cloudformation/change-sets.js';
import type { ChangeSet } from './cloudformation/change-sets.js';
import { deleteStackAndWait } from './cloudformation/stack-deployer.js';
import { describeStack } from './cloudformation/stack-reader.js';
import type { ProviderSettings } from './settings.js';

export interface ProviderEnvironment {
  readonly settings: ProviderSettings;
  readonly clients: AwsClients;
  readonly context: ProviderContext;
  /** The stack of this project, stack and workspace. */
  readonly stackName: string;
  /**
   * Change sets a plan made, by stack name, kept so the apply of the same run can execute the one
   * made for exactly its template instead of making it again. Whatever is left is deleted at close.
   */
  readonly prepared: Map<string, ChangeSet>;
  /** Notices given once per run (e.g. "this endpoint has no drift detection"). */
  readonly notices: Set<string>;
}

export function createProviderEnvironment(
  settings: ProviderSettings,
  clients: AwsClients,
  context: ProviderContext,
  stackName: string,
): ProviderEnvironment {
  return { settings, clients, context, stackName, prepared: new Map(), notices: new Set() };
}

/** Removes the prepared change sets nobody executed (and the empty stacks CREATE ones made). */
export async function discardPrepared(
  environment: ProviderEnvironment,
  signal: AbortSignal,
): Promise<void> {
  const left = [...environment.prepared.values()];
  environment.prepared.clear();
  if (!left.length) return;
  const cfn = await environment.clients.cloudFormation();
  await Promise.all(
    left.map(async (changeSet) => {
      await deleteChangeSet(cfn, changeSet.id, changeSet.stackId).catch(() => undefined);
      // A CREATE change set made its stack, empty (REVIEW_IN_PROGRESS) since nobody executed it.
      if (changeSet.type !== 'CREATE') return;
      const stack = await describeStack(cfn, changeSet.stackId, signal).catch(() => undefined);
      if (stack?.status === 'REVIEW_IN_PROGRESS')
        await deleteStackAndWait(cfn, stack.stackId, signal).catch(() => undefined);
    }),
  );
}
