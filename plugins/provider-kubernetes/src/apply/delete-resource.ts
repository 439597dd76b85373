/**
 * `delete`: foreground propagation (dependents go first), then wait until the object is gone,
 * finalizers included, bounded by the deadline and the signal. Deleting what is gone succeeds.
 */
import type { DeleteRequest } from '@kusion/sdk';
import { ProviderError } from '@kusion/sdk';
import { toProviderError } from '../client/provider-errors.js';
import { abortReason, isAborted } from '../client/transport.js';
import { arrayAt, stringAt } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';
import { describeRef, refOf } from '../manifest/object-ref.js';
import type { ObjectRef } from '../manifest/object-ref.js';
import { conditionOf } from '../readiness/conditions.js';
import type { RunContext } from '../run-context.js';

/** Without a --timeout, an object stuck on a finalizer must still not hang the run forever. */
const DEFAULT_WAIT_MS = 10 * 60_000;
const REPORT_AFTER_MS = 1_000;

export async function deleteResource(run: RunContext, request: DeleteRequest): Promise<void> {
  const { resource, signal } = request;
  if (signal.aborted) throw abortReason(signal);
  const ref = refOf(resource.attributes) ?? refFromId(resource.id);
  if (!ref)
    throw new ProviderError(
      `cannot tell which object "${resource.id}" is: the id and attributes name none`,
      { resourceId: resource.id },
    );
  try {
    const mapping = await run.objects.mapper.find(ref.apiVersion, ref.kind, signal);
    // The kind is not served any more (its CRD is gone): neither is the object.
    if (!mapping) return;
    const deleting = await run.objects.delete(mapping, ref, signal);
    run.lastSeen.delete(resource.id);
    run.justApplied.delete(resource.id);
    if (!deleting) return;
    const limit = request.options.deadline ?? Date.now() + DEFAULT_WAIT_MS;
    const waitSignal = AbortSignal.any([
      signal,
      run.closing,
      AbortSignal.timeout(Math.max(0, limit - Date.now())),
    ]);
    let last = deleting;
    const started = Date.now();
    // Most objects are gone within milliseconds: say what holds one only when it takes a while.
    const slowReport = setTimeout(() => {
      request.report(deletionStatus(ref, last));
    }, REPORT_AFTER_MS);
    slowReport.unref();
    const events = run.objects.watch(mapping, ref.namespace, {
      fieldSelector: `metadata.name=${ref.name}`,
      resourceVersion: stringAt(deleting, 'metadata', 'resourceVersion'),
      signal: waitSignal,
    });
    try {
      for await (const event of events) {
        if (event.type === 'DELETED') return;
        // A new object of the same name is not ours to wait for.
        if (stringAt(event.object, 'metadata', 'uid') !== stringAt(deleting, 'metadata', 'uid'))
          return;
        last = event.object;
        if (Date.now() - started >= REPORT_AFTER_MS) request.report(deletionStatus(ref, last));
      }
    } finally {
      clearTimeout(slowReport);
    }
    if (isAborted(signal)) throw abortReason(signal);
    throw new ProviderError(
      `timed out waiting for ${describeRef(ref)} to be deleted; last status: ${deletionStatus(ref, last)}`,
      {
        resourceId: resource.id,
        hint: 'a finalizer is holding it: check the controller that owns the finalizer, or raise --timeout',
      },
    );
  } catch (error) {
    throw toProviderError(error, { resourceId: resource.id });
  }
}

/** `waiting for finalizers: kubernetes` or, for a namespace, what it still contains. */
function deletionStatus(ref: ObjectRef, object: JsonObject): string {
  if (ref.apiVersion === 'v1' && ref.kind === 'Namespace') {
    const remaining = conditionOf(object, 'NamespaceContentRemaining');
    if (remaining?.status === 'True' && remaining.message)
      return `namespace terminating: ${remaining.message}`;
    const finalizing = conditionOf(object, 'NamespaceFinalizersRemaining');
    if (finalizing?.status === 'True' && finalizing.message)
      return `namespace terminating: ${finalizing.message}`;
  }
  const finalizers = [
    ...arrayAt(object, 'metadata', 'finalizers'),
    ...arrayAt(object, 'spec', 'finalizers'),
  ].filter((f) => typeof f === 'string');
  return finalizers.length
    ? `waiting for finalizers: ${finalizers.join(', ')}`
    : 'waiting for deletion';
}

/** A recorded resource without attributes still has its id: `apiVersion:Kind[:namespace]:name`. */
function refFromId(id: string): ObjectRef | undefined {
  const [apiVersion, kind, ...rest] = id.split(':');
  if (!apiVersion || !kind || rest.length === 0) return undefined;
  const [first, ...others] = rest;
  if (first === undefined) return undefined;
  return others.length
    ? { apiVersion, kind, namespace: first, name: others.join(':') }
    : { apiVersion, kind, name: first };
}
