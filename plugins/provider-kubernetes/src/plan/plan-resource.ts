/**
 * `plan`: the server's own dry run of the apply (`dryRun=All`), normalised like `read`, so defaults
 * and admission changes are predicted exactly. Without a dry run when none is needed (an unchanged
 * object) or possible (its namespace or CRD comes in the same deploy: predicted from the
 * manifest). An immutable field change becomes a replacement that names the field.
 */
import type { PlanRequest, PlanResult } from '@kusion/sdk';
import { ProviderError } from '@kusion/sdk';
import { KubeApiError, UnknownKindError } from '../client/api-error.js';
import type { ResourceMapping } from '../client/discovery.js';
import { toProviderError } from '../client/provider-errors.js';
import { isJsonEqual } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';
import { normalizeObject } from '../manifest/normalize.js';
import { groupOf, refOf } from '../manifest/object-ref.js';
import { prepareManifest } from '../manifest/prepare-manifest.js';
import { sensitivePathsOf } from '../manifest/secrets.js';
import { findUnknownValues, overlayValues, withoutValues } from '../manifest/unknown-values.js';
import type { ValuePath } from '../manifest/unknown-values.js';
import type { RunContext } from '../run-context.js';
import { replaceReasonOf } from './immutable-fields.js';
import { describeOwnershipChange } from './ownership-change.js';
import {
  markServerAssigned,
  predictFromManifest,
  predictOverLive,
  predictReplacement,
} from './prediction.js';
import { isUnchangedByApply } from './unchanged-shortcut.js';

type PlanReasons = Pick<PlanResult, 'replaceReason' | 'updateReason'>;

export async function planResource(run: RunContext, request: PlanRequest): Promise<PlanResult> {
  const { resource, signal } = request;
  const manifest = resource.attributes as JsonObject;
  const sensitivePaths = sensitivePathsOf(resource);
  const result = (predicted: JsonObject, reasons: PlanReasons = {}): PlanResult => ({
    predicted,
    ...(reasons.replaceReason === undefined ? {} : { replaceReason: reasons.replaceReason }),
    ...(reasons.updateReason === undefined ? {} : { updateReason: reasons.updateReason }),
    ...(sensitivePaths ? { sensitivePaths } : {}),
  });
  try {
    const ref = refOf(manifest);
    if (!ref)
      throw new ProviderError('the manifest needs apiVersion, kind and metadata.name', {
        resourceId: resource.id,
      });
    const mapping = await run.objects.mapper.find(ref.apiVersion, ref.kind, signal);
    if (!mapping) {
      // Its CRD is applied earlier in the same deploy: nothing to ask the server yet.
      if (
        kindsDefinedInSpec(request.facts).has(`${groupOf(ref.apiVersion)}/${ref.kind}`) &&
        !request.live
      ) {
        return result(
          predictFromManifest(
            prepareManifest(manifest, { defaultNamespace: run.objects.defaultNamespace }),
          ),
        );
      }
      throw new UnknownKindError(ref.apiVersion, ref.kind);
    }
    const body = prepareManifest(manifest, {
      isNamespaced: mapping.isNamespaced,
      defaultNamespace: run.objects.defaultNamespace,
    });
    const unknown = findUnknownValues(body);
    const namespace = mapping.isNamespaced
      ? (ref.namespace ?? run.objects.defaultNamespace)
      : undefined;
    if (!request.live && namespace !== undefined && run.absentNamespaces.has(namespace)) {
      return result(predictFromManifest(body));
    }
    // The live object the engine read, as the server sent it: unchanged needs no dry run.
    const lastSeen = run.lastSeen.get(resource.id);
    const lastSeenNormalized =
      lastSeen && normalizeObject(lastSeen, { identity: mapping, manifest: body });
    if (
      request.live &&
      lastSeen &&
      unknown.length === 0 &&
      isJsonEqual(lastSeenNormalized, request.live) &&
      isUnchangedByApply(body, lastSeen)
    ) {
      return result(lastSeenNormalized as JsonObject);
    }
    return await dryRun(run, request, mapping, body, unknown, result);
  } catch (error) {
    throw toProviderError(error, { resourceId: resource.id, manifest });
  }
}

async function dryRun(
  run: RunContext,
  request: PlanRequest,
  mapping: ResourceMapping,
  body: JsonObject,
  unknown: readonly ValuePath[],
  result: (predicted: JsonObject, reasons?: PlanReasons) => PlanResult,
): Promise<PlanResult> {
  const live = request.live as JsonObject | undefined;
  try {
    const applied = await run.objects.apply(mapping, withoutValues(body, unknown), {
      isDryRun: true,
      force: request.options.forceConflicts,
      signal: request.signal,
    });
    const predicted = normalizeObject(applied, { identity: mapping, manifest: body });
    if (!live) markServerAssigned(predicted, body);
    overlayValues(predicted, body, unknown);
    const lastSeen = live && run.lastSeen.get(request.resource.id);
    const updateReason = lastSeen ? describeOwnershipChange(lastSeen, applied) : undefined;
    return result(predicted, { updateReason });
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    // The namespace, or the CRD of a custom resource, does not exist yet: created earlier in this deploy.
    if (error.isNotFound && !live) return result(predictFromManifest(body));
    const replaceReason = live ? replaceReasonOf(error) : undefined;
    if (live && replaceReason) return result(predictReplacement(live, body), { replaceReason });
    // A value known only after apply may be what the server refused: show the manifest instead.
    if (unknown.length && (error.status === 400 || error.status === 422)) {
      return result(live ? predictOverLive(live, body) : predictFromManifest(body));
    }
    throw error;
  }
}

/** `group/Kind` of the custom resources whose CRD is in the Spec, from this provider's own facts. */
function kindsDefinedInSpec(facts: PlanRequest['facts']): ReadonlySet<string> {
  const kinds = facts?.['kindsDefinedInSpec'];
  return new Set(
    Array.isArray(kinds) ? kinds.filter((kind): kind is string => typeof kind === 'string') : [],
  );
}
