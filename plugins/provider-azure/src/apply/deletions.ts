/**
 * Deletes resources by ARM id with their api-version, dependents first: a resource waits while
 * anything still to delete depends on it (through `dependsOn`, a reference, or as its parent).
 * Deletes of one wave run in parallel. A resource already gone counts as deleted; when a delete
 * fails, what it depends on is left alone and says why.
 */
import type { BatchOutcome, ResourceState } from '@kusion/sdk';
import { armFailureOf, isNotFound } from '../arm/azure-errors.js';
import type { AzureTarget } from '../model/azure-resource.js';
import { referencedIds } from '../model/references.js';
import { priorTargetOf } from '../model/targets.js';
import type { ProviderEnvironment } from '../provider-environment.js';

export interface DeletionRequest {
  readonly environment: ProviderEnvironment;
  /** What to delete, as recorded. */
  readonly priors: readonly ResourceState[];
  readonly signal: AbortSignal;
  readonly report: (id: string, status: string) => void;
}

const PARALLEL_DELETES = 8;

export async function deleteByIds(request: DeletionRequest): Promise<Map<string, BatchOutcome>> {
  const { environment, priors } = request;
  const targets = new Map(
    priors.map((prior) => [prior.id, priorTargetOf(prior, environment.defaults)]),
  );
  const dependencies = dependenciesAmong(priors, targets);
  const outcomes = new Map<string, BatchOutcome>();
  const remaining = new Set(priors.map((prior) => prior.id));
  while (remaining.size) {
    // Ready: nothing still to delete depends on it.
    const ready = [...remaining].filter(
      (id) => ![...remaining].some((other) => other !== id && dependencies.get(other)?.has(id)),
    );
    const wave = ready.length ? ready : [...remaining]; // a cycle: delete what is left
    for (const id of wave) remaining.delete(id);
    for (let start = 0; start < wave.length; start += PARALLEL_DELETES) {
      await Promise.all(
        wave.slice(start, start + PARALLEL_DELETES).map(async (id) => {
          const target = targets.get(id);
          if (target) outcomes.set(id, await deleteOne(request, target));
        }),
      );
    }
    const failed = wave.filter((id) => outcomes.get(id)?.status === 'failed');
    for (const id of failed) {
      // What a failed delete depends on stays: it is most likely still in use.
      for (const dependency of dependencies.get(id) ?? []) {
        if (!remaining.delete(dependency)) continue;
        outcomes.set(dependency, {
          status: 'failed',
          error: `not deleted: ${id}, which depends on it, could not be deleted`,
        });
      }
    }
  }
  return outcomes;
}

async function deleteOne(request: DeletionRequest, target: AzureTarget): Promise<BatchOutcome> {
  const { environment, signal } = request;
  request.report(target.id, 'deleting');
  try {
    await environment.clients.resources.resources
      .deleteById(target.armId, target.apiVersion, {
        updateIntervalInMs: environment.settings.pollIntervalMs,
        abortSignal: signal,
      })
      .pollUntilDone({ abortSignal: signal });
  } catch (error) {
    if (!isNotFound(error)) {
      const failure = armFailureOf(error);
      request.report(target.id, `failed: ${failure.code}`);
      return {
        status: 'failed',
        error: `deleting ${target.armId} failed: ${failure.code}: ${failure.message}`,
      };
    }
  }
  request.report(target.id, 'deleted');
  return { status: 'deleted' };
}

/** For each resource, the resources of the set it depends on. */
function dependenciesAmong(
  priors: readonly ResourceState[],
  targets: ReadonlyMap<string, AzureTarget>,
): Map<string, Set<string>> {
  const ids = new Set(priors.map((prior) => prior.id));
  const result = new Map<string, Set<string>>();
  for (const prior of priors) {
    const found = new Set([
      ...referencedIds(prior.attributes, ids),
      ...(prior.dependsOn ?? []).filter((id) => ids.has(id)),
    ]);
    const own = targets.get(prior.id)?.armId.toLowerCase() ?? '';
    for (const [id, target] of targets) {
      // A parent (its id is a prefix of ours) goes after its children.
      if (id !== prior.id && own.startsWith(`${target.armId.toLowerCase()}/`)) found.add(id);
    }
    found.delete(prior.id);
    result.set(prior.id, found);
  }
  return result;
}
