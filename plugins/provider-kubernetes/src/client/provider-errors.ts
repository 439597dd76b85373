/**
 * Turns API failures into the errors the engine understands: a `ProviderError` that says what the
 * server said and how to fix it, `retryable` when trying again can help. Secret values never
 * reach a message.
 */
import { ProviderError, isKusionError } from '@kusion/sdk';
import { describeConflicts, parseConflicts } from '../apply/conflicts.js';
import type { JsonObject } from '../manifest/json-object.js';
import { redactSecretValues } from '../manifest/secrets.js';
import { KubeApiError, KubeConnectionError, UnknownKindError } from './api-error.js';

export interface ErrorContext {
  readonly resourceId: string;
  /** The manifest involved: a Secret's values are scrubbed from the message. */
  readonly manifest?: JsonObject | undefined;
}

export function toProviderError(error: unknown, context: ErrorContext): Error {
  if (isKusionError(error)) return error;
  const { resourceId } = context;
  const scrub = (text: string): string =>
    context.manifest ? redactSecretValues(text, context.manifest) : text;

  if (error instanceof UnknownKindError) {
    return new ProviderError(error.message, {
      resourceId,
      hint: 'check apiVersion and kind; for a custom resource, install its CustomResourceDefinition first (or add it to the stack)',
    });
  }
  if (error instanceof KubeConnectionError) {
    return new ProviderError(scrub(error.message), {
      resourceId,
      retryable: error.isTransient,
      cause: error,
      hint: error.isTransient
        ? undefined
        : 'check the kubeconfig (server address, certificates) and that the cluster is running',
    });
  }
  if (!(error instanceof KubeApiError)) {
    return new ProviderError(scrub(error instanceof Error ? error.message : String(error)), {
      resourceId,
      cause: error,
    });
  }
  if (error.isFieldManagerConflict) {
    return new ProviderError(scrub(describeConflicts(parseConflicts(error.causes))), {
      resourceId,
      hint: 'deploy with --force-conflicts to take ownership of these fields, or stop setting them in the manifest',
    });
  }
  return new ProviderError(scrub(describeApiError(error)), {
    resourceId,
    retryable: error.isTransient,
    cause: error,
    hint: hintFor(error),
  });
}

/** The server's message plus every cause it gave that the message does not already say. */
function describeApiError(error: KubeApiError): string {
  const extra = error.causes
    .map((cause) => [cause.field, cause.message].filter(Boolean).join(': '))
    .filter((text) => text !== '' && !error.message.includes(text));
  const base = `${error.message} (HTTP ${error.status}${error.reason ? ` ${error.reason}` : ''})`;
  return extra.length ? `${base}: ${extra.join('; ')}` : base;
}

function hintFor(error: KubeApiError): string | undefined {
  if (error.status === 401)
    return 'the credentials in the kubeconfig were refused: log in again or refresh the token';
  if (error.status === 403 && !error.isTransient)
    return 'the kubeconfig user lacks permission (RBAC) for this object';
  if (error.isNamespaceNotFound)
    return 'create the namespace first: add a v1 Namespace resource to the stack';
  if (error.status === 500 && error.message.includes('failed to create typed patch object')) {
    return 'the server cannot apply this manifest server-side; check list items for missing key fields';
  }
  return undefined;
}
