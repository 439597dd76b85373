/**
 * IAM as read-modify-write with the policy's etag: read the policy (version 3, so conditional
 * bindings come back whole), change one member, write it back with the etag read. A concurrent
 * writer makes the write fail with ABORTED; then the whole transaction starts again from a fresh
 * read — it must be atomic, so it is retried here rather than by the engine, which would retry
 * only the write.
 */
import { ProviderError } from '@kusion/sdk';
import { backoff, readCall, writeCall } from '../client/calls.js';
import { failureError, toProviderError } from '../client/provider-errors.js';
import type { ErrorContext } from '../client/provider-errors.js';
import { asRpcFailure, isTransient } from '../client/rpc-errors.js';
import type { RunContext } from '../run-context.js';
import type { Policy } from './policy-members.js';

const ATTEMPTS = 8;

interface PolicyClient {
  get(resource: string): Promise<Policy>;
  set(resource: string, policy: Policy): Promise<Policy>;
}

/** The client that holds IAM policies of `resource` (`projects/…`, `folders/…`, `organizations/…`). */
function policyClient(run: RunContext, resource: string): PolicyClient {
  const options = { requestedPolicyVersion: 3 };
  const updateMask = { paths: ['bindings', 'etag'] };
  const { clients } = run;
  const kind = resource.split('/')[0];
  if (kind === 'projects')
    return {
      get: async (name) => (await clients.projects.getIamPolicy({ resource: name, options }))[0],
      set: async (name, policy) =>
        (await clients.projects.setIamPolicy({ resource: name, policy, updateMask }))[0],
    };
  if (kind === 'folders')
    return {
      get: async (name) => (await clients.folders.getIamPolicy({ resource: name, options }))[0],
      set: async (name, policy) =>
        (await clients.folders.setIamPolicy({ resource: name, policy, updateMask }))[0],
    };
  if (kind === 'organizations')
    return {
      get: async (name) =>
        (await clients.organizations.getIamPolicy({ resource: name, options }))[0],
      set: async (name, policy) =>
        (await clients.organizations.setIamPolicy({ resource: name, policy, updateMask }))[0],
    };
  throw new ProviderError(
    `cannot manage the IAM policy of "${resource}": only projects/…, folders/… and organizations/… are supported`,
  );
}

export async function readPolicy(
  run: RunContext,
  resource: string,
  signal: AbortSignal,
): Promise<Policy> {
  const client = policyClient(run, resource);
  return readCall(() => client.get(resource), signal);
}

export interface PolicyEdit extends ErrorContext {
  readonly resource: string;
  readonly signal: AbortSignal;
  readonly report?: ((status: string) => void) | undefined;
  /** The policy to write, or undefined when nothing needs to change. */
  readonly change: (policy: Policy) => Policy | undefined;
}

/** Applies `change` to the current policy of `resource`, retrying on concurrent modification. */
export async function editPolicy(run: RunContext, edit: PolicyEdit): Promise<void> {
  try {
    await run.policyLocks.withLock(edit.resource, () => readModifyWrite(run, edit));
  } catch (error) {
    throw toProviderError(error, edit);
  }
}

async function readModifyWrite(run: RunContext, edit: PolicyEdit): Promise<void> {
  const client = policyClient(run, edit.resource);
  for (let attempt = 1; ; attempt++) {
    const current = await readPolicy(run, edit.resource, edit.signal);
    const next = edit.change(current);
    if (!next) return;
    try {
      await writeCall(
        () => client.set(edit.resource, { ...next, etag: current.etag ?? null }),
        edit.signal,
      );
      return;
    } catch (error) {
      const failure = asRpcFailure(error);
      if (!failure || !isTransient(failure)) throw error;
      if (attempt >= ATTEMPTS)
        throw failureError(
          failure,
          edit,
          `the IAM policy of ${edit.resource} kept changing (${ATTEMPTS} attempts): kusion retries the deploy; if it goes on, look for another tool rewriting it`,
        );
      edit.report?.(
        `IAM policy of ${edit.resource} changed concurrently (${failure.codeName}): reading it again`,
      );
      await backoff(attempt, edit.signal);
    }
  }
}
