/**
 * One wave of a batch provider: a single native deployment (a CloudFormation stack update, an ARM
 * deployment) of every batch resource up to this wave, reported per resource.
 */
import type { BatchApplyResult, BatchOutcome, Resource, ResourceState } from '@kusion/sdk';
import {
  batchProviderFor,
  referencedAttributesOf,
  resolveBatchMember,
} from '../plan/batch-planner.js';
import type { PlanEntry } from '../plan/plan-entry.js';
import { resolveSecretSites } from '../secrets/resource-secrets.js';
import {
  failureStatus,
  failureText,
  lookupApplied,
  notifyStart,
  outcomeOf,
  reportProgress,
  retrying,
} from './execution-context.js';
import type { ExecutionContext } from './execution-context.js';
import type { ExecutionNode } from './execution-nodes.js';

type BatchNode = Extract<ExecutionNode, { kind: 'batch' }>;

export interface BatchNodeRequest {
  readonly node: BatchNode;
  /** Every entry of the batch, all waves. */
  readonly groupEntries: readonly PlanEntry[];
  /** The batch provider's resources in the prior state. */
  readonly priors: readonly ResourceState[];
  readonly waveOf: ReadonlyMap<string, number>;
}

export async function runBatchNode(
  execution: ExecutionContext,
  request: BatchNodeRequest,
): Promise<boolean> {
  const { node, groupEntries } = request;
  const { run, stackPlan } = execution;
  const startedAt = performance.now();
  const members = node.entryIds
    .map((id) => stackPlan.entries.get(id))
    .filter((e) => e !== undefined);
  const changed = members.filter((e) => e.action !== 'UnChanged');
  if (!changed.length) {
    for (const member of members) await execution.record(outcomeOf(member, 'succeeded', startedAt));
    return true;
  }
  for (const member of changed) await notifyStart(execution, member);

  const base = {
    context: run.context,
    io: run.io,
    signal: run.abortSignal,
    options: run.applyOptions,
  };
  const report = (id: string, status: string): void => {
    reportProgress(execution, id)(status);
  };
  const isDestroy = groupEntries.every((e) => e.action === 'Delete');
  const desired = groupEntries.filter(
    (e) => e.action !== 'Delete' && (request.waveOf.get(e.id) ?? 1) <= node.wave,
  );

  let result: BatchApplyResult;
  try {
    const provider = batchProviderFor(execution.providers, node.group);
    if (isDestroy) {
      result = await retrying(execution, node.id, node.group, 'Delete', () =>
        provider.delete({ ...base, priors: request.priors, report }),
      );
    } else {
      const memberIds = new Set(groupEntries.map((e) => e.id));
      const lookup = lookupApplied(execution);
      const resources = await Promise.all(
        desired.flatMap((entry) => {
          if (!entry.desired) return [];
          const references = stackPlan.analysis.graph.nodes.get(entry.id)?.references ?? [];
          const member = resolveBatchMember(entry.desired, references, memberIds, lookup).resource;
          return [withSecrets(member, run.resolveSecret)];
        }),
      );
      const deletions =
        node.wave === node.waves
          ? groupEntries.filter((e) => e.action === 'Delete').map((e) => e.id)
          : [];
      await recordCreatesAsPending(execution, changed);
      result = await retrying(execution, node.id, node.group, 'Update', () =>
        provider.apply({
          ...base,
          resources,
          priors: request.priors,
          referencedAttributes: referencedAttributesOf(stackPlan.analysis.graph, memberIds),
          deletions,
          wave: node.wave,
          waves: node.waves,
          facts: stackPlan.analysis.factsOf(node.group),
          report,
        }),
      );
    }
  } catch (error) {
    const status = failureStatus(execution);
    for (const member of members) {
      const isUnchanged = member.action === 'UnChanged';
      await execution.record(
        outcomeOf(
          member,
          isUnchanged ? 'succeeded' : status,
          startedAt,
          isUnchanged ? undefined : failureText(execution, error, status),
        ),
      );
    }
    return false;
  }

  let isSuccess = true;
  for (const member of members) {
    const outcome: BatchOutcome | undefined = result.outcomes.get(member.id);
    if (member.action === 'UnChanged' && outcome?.status !== 'failed') {
      if (outcome?.status === 'succeeded') {
        execution.applied.set(member.id, outcome.attributes);
        if (member.desired)
          await execution.state.refresh(member.desired, outcome.attributes, member.sensitivePaths);
      }
      await execution.record(outcomeOf(member, 'succeeded', startedAt));
      continue;
    }
    if (!outcome) {
      isSuccess = false;
      await execution.record(
        outcomeOf(member, 'failed', startedAt, 'the provider did not report this resource'),
      );
    } else if (outcome.status === 'failed') {
      isSuccess = false;
      await execution.record(outcomeOf(member, 'failed', startedAt, outcome.error));
    } else if (outcome.status === 'deleted') {
      await execution.state.remove(member.id);
      await execution.record(outcomeOf(member, 'succeeded', startedAt));
    } else {
      const resource = member.desired ?? member.prior;
      const sensitivePaths = [
        ...new Set([...member.sensitivePaths, ...(outcome.sensitivePaths ?? [])]),
      ];
      run.scrubber.addAtPaths(outcome.attributes, sensitivePaths);
      execution.applied.set(member.id, outcome.attributes);
      if (resource) await execution.state.put(resource, outcome.attributes, sensitivePaths);
      await execution.record(outcomeOf(member, 'succeeded', startedAt));
    }
  }
  return isSuccess;
}

/** A member with the secrets still unknown while planning read now (or the apply fails). */
async function withSecrets(
  resource: Resource,
  resolveSecret: (text: string) => Promise<string>,
): Promise<Resource> {
  const { attributes } = await resolveSecretSites(resource, resolveSecret, { tolerate: false });
  return { ...resource, attributes };
}

/**
 * Before a batch deployment creates anything (a CloudFormation stack, an ARM deployment), the
 * resources it is about to create are recorded as pending: if the run fails or is killed after the
 * native engine created them, the next `preview`, `destroy` and `drift` still know of them. A
 * successful outcome replaces the pending record.
 */
async function recordCreatesAsPending(
  execution: ExecutionContext,
  changed: readonly PlanEntry[],
): Promise<void> {
  for (const member of changed) {
    if (member.action !== 'Create' || member.prior || !member.desired) continue;
    await execution.state.markPending(
      member.desired,
      member.desired.attributes,
      member.sensitivePaths,
      { action: 'Create', reason: 'about to be created by a batch deployment' },
    );
  }
}
