/** One resource applied on its own: delete, create or update through its provider, then readiness. */
import { createFieldMatcher, diffObjects } from '@kusion/sdk';
import type { Attributes, ResourceOutcome } from '@kusion/sdk';
import { importIdOf } from '../generate/cross-cutting.js';
import { resolveReferences } from '../graph/references.js';
import { hashSensitive } from '@kusion/backend-kit';
import type { PlanEntry } from '../plan/plan-entry.js';
import { resourceProviderFor } from '../plan/resource-planner.js';
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
import { waitUntilReady } from './readiness.js';

export async function runResourceNode(
  execution: ExecutionContext,
  entry: PlanEntry,
): Promise<boolean> {
  const startedAt = performance.now();
  if (entry.action === 'UnChanged') {
    if (entry.live) execution.applied.set(entry.id, entry.live);
    if (entry.desired && entry.live)
      await execution.state.refresh(entry.desired, entry.live, entry.sensitivePaths);
    await execution.record(outcomeOf(entry, 'succeeded', startedAt));
    return true;
  }
  await notifyStart(execution, entry);
  const progress = { isRecorded: false };
  try {
    const applied = await operate(execution, entry, progress);
    const outcome = outcomeOf(entry, 'succeeded', startedAt);
    await execution.record(
      applied && execution.run.skipPreview ? withAppliedDiff(outcome, entry, applied) : outcome,
    );
    return true;
  } catch (error) {
    const status = failureStatus(execution);
    // Aborted after the state recorded it (waiting for readiness): the record stands.
    if (status === 'unknown' && !progress.isRecorded) await recordPending(execution, entry);
    await execution.record(
      outcomeOf(entry, status, startedAt, failureText(execution, error, status)),
    );
    return false;
  }
}

/**
 * The provider call was aborted mid-way: whether it changed anything is unknown, so the resource
 * stays in state as pending, and the next plan reads it back (adopting it or creating it again).
 */
async function recordPending(execution: ExecutionContext, entry: PlanEntry): Promise<void> {
  const resource = entry.desired ?? entry.prior;
  if (!resource) return;
  const reason = 'aborted in flight; read back on the next run';
  const action = entry.action === 'UnChanged' ? 'Update' : entry.action;
  await execution.state.markPending(
    resource,
    entry.prior?.attributes ?? resource.attributes,
    entry.sensitivePaths,
    { action, reason },
  );
}

/** What an apply produced: the object, and every path of it that is secret. */
interface Applied {
  readonly attributes: Attributes;
  readonly sensitivePaths: readonly string[];
}

/** Carries the entry out; answers what was applied (undefined for a deletion). */
async function operate(
  execution: ExecutionContext,
  entry: PlanEntry,
  progress: { isRecorded: boolean },
): Promise<Applied | undefined> {
  const { run } = execution;
  const provider = resourceProviderFor(execution.providers, entry.type);
  const report = reportProgress(execution, entry.id);
  const base = {
    context: run.context,
    io: run.io,
    signal: run.abortSignal,
    options: run.applyOptions,
    report,
  };

  if (entry.action === 'Delete' || entry.action === 'Replace') {
    const existing =
      entry.prior ??
      (entry.desired && entry.live ? { ...entry.desired, attributes: entry.live } : undefined);
    // An object the workspace imported was never Kusion's to delete: it is only forgotten.
    if (existing && !(entry.action === 'Delete' && importIdOf(existing) !== undefined)) {
      await retrying(execution, entry.id, entry.type, 'Delete', () =>
        provider.delete({ ...base, resource: existing }),
      );
    }
    if (existing) await execution.state.remove(entry.id);
  }
  if (entry.action === 'Delete' || !entry.desired) return undefined;

  const node = execution.stackPlan.analysis.graph.nodes.get(entry.id);
  const resolved = resolveReferences(
    entry.desired.attributes,
    node?.references ?? [],
    lookupApplied(execution),
  );
  // Secrets still unknown while planning (created by this deploy) are read now, or the apply fails.
  const secrets = await resolveSecretSites(
    { type: entry.type, attributes: resolved.attributes },
    run.resolveSecret,
    { tolerate: false },
  );
  const resource = { ...entry.desired, attributes: secrets.attributes };
  const action =
    entry.action === 'Update' ? 'Update' : entry.action === 'Replace' ? 'Replace' : 'Create';
  const facts = execution.stackPlan.analysis.factsOf(entry.type);
  const result = await retrying(execution, entry.id, entry.type, action, () =>
    provider.apply({ ...base, resource, prior: entry.prior, action, facts }),
  );
  const sensitivePaths = [...new Set([...entry.sensitivePaths, ...(result.sensitivePaths ?? [])])];
  run.scrubber.addAtPaths(result.attributes, sensitivePaths);
  execution.applied.set(entry.id, result.attributes);
  await execution.state.put(resource, result.attributes, sensitivePaths);
  progress.isRecorded = true;
  if (run.applyOptions.watch && provider.watch) {
    await waitUntilReady({
      provider,
      resource: { ...resource, attributes: result.attributes, sensitivePaths },
      run,
      report,
    });
  }
  return { attributes: result.attributes, sensitivePaths };
}

/**
 * Without a preview, what changed is known only now: the applied object against what state
 * recorded. Nothing changed is reported UnChanged, whatever was planned.
 */
function withAppliedDiff(
  outcome: ResourceOutcome,
  entry: PlanEntry,
  applied: Applied,
): ResourceOutcome {
  const sensitive = createFieldMatcher([
    ...applied.sensitivePaths,
    ...(entry.prior?.sensitivePaths ?? []),
  ]);
  const before = entry.prior?.attributes ?? {};
  const diff = diffObjects(before, hashSensitive(entry.id, applied.attributes, sensitive), {
    sensitive,
  });
  if (entry.prior && !diff.length) return { ...outcome, action: 'UnChanged' };
  return { ...outcome, diff };
}
