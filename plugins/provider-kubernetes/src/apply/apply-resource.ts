/**
 * `apply`: one server-side apply (field manager `kusion`), safe to retry because applying the
 * same manifest again converges on the same object. A CustomResourceDefinition is waited for
 * until Established, even without --watch: the custom resources after it need it served.
 */
import type { ApplyRequest, ApplyResult } from '@kusion/sdk';
import { ProviderError } from '@kusion/sdk';
import type { ResourceMapping } from '../client/discovery.js';
import { toProviderError } from '../client/provider-errors.js';
import { abortReason } from '../client/transport.js';
import type { JsonObject } from '../manifest/json-object.js';
import { stringAt } from '../manifest/json-object.js';
import { normalizeObject } from '../manifest/normalize.js';
import { groupOf, refOf } from '../manifest/object-ref.js';
import type { ObjectRef } from '../manifest/object-ref.js';
import { prepareManifest } from '../manifest/prepare-manifest.js';
import { sensitivePathsOf } from '../manifest/secrets.js';
import { isCustomResourceDefinition } from '../manifest/well-known-kinds.js';
import type { RunContext } from '../run-context.js';
import { waitUntilEstablished } from './crd-established.js';

export async function applyResource(run: RunContext, request: ApplyRequest): Promise<ApplyResult> {
  const { resource, signal } = request;
  const manifest = resource.attributes as JsonObject;
  if (signal.aborted) throw abortReason(signal);
  try {
    const ref = refOf(manifest);
    if (!ref)
      throw new ProviderError('the manifest needs apiVersion, kind and metadata.name', {
        resourceId: resource.id,
      });
    const mapping = await findMapping(run, ref, signal);
    const body = prepareManifest(manifest, {
      isNamespaced: mapping.isNamespaced,
      defaultNamespace: run.objects.defaultNamespace,
    });
    let applied = await run.objects.apply(mapping, body, {
      isDryRun: false,
      force: request.options.forceConflicts,
      signal,
    });
    if (mapping.apiVersion === 'v1' && mapping.kind === 'Namespace')
      run.absentNamespaces.delete(ref.name);
    if (isCustomResourceDefinition(ref.apiVersion, ref.kind)) {
      applied = await waitUntilEstablished(run, mapping, applied, {
        signal,
        deadline: request.options.deadline,
        report: request.report,
      });
      const group = stringAt(applied, 'spec', 'group');
      if (group !== undefined) run.objects.mapper.forgetGroup(group);
    }
    run.lastSeen.set(resource.id, applied);
    run.justApplied.set(resource.id, applied);
    const sensitivePaths = sensitivePathsOf(resource);
    return {
      attributes: normalizeObject(applied, { identity: mapping, manifest: body }),
      ...(sensitivePaths ? { sensitivePaths } : {}),
    };
  } catch (error) {
    throw toProviderError(error, { resourceId: resource.id, manifest });
  }
}

/** The mapping; a kind not served yet may be a CRD applied a moment ago: ask the server again once. */
async function findMapping(
  run: RunContext,
  ref: ObjectRef,
  signal: AbortSignal,
): Promise<ResourceMapping> {
  const mapper = run.objects.mapper;
  const found = await mapper.find(ref.apiVersion, ref.kind, signal);
  if (found) return found;
  mapper.forgetGroup(groupOf(ref.apiVersion));
  return run.objects.mappingOf(ref.apiVersion, ref.kind, signal);
}
