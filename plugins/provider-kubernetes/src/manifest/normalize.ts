/**
 * Normalisation: what `read` returns and `plan` predicts, so that the engine's diff shows only
 * what a user changed. Server-owned bookkeeping goes; everything a user can set or reference
 * stays, including defaulted fields (they are on both sides: the dry run defaults them too) and
 * `metadata.uid`, which a server-side dry run of an existing object returns unchanged.
 */
import { cloneJson, isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { dropNullCreationTimestamps } from './prepare-manifest.js';
import { dropControllerFields } from './controller-fields.js';
import { foldStringData } from './secrets.js';

/** Metadata the server maintains on every write. */
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'selfLink',
];

/** Annotations written by clients and controllers, not by the user's manifest. */
const NOISE_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  // The Deployment controller bumps it on every rollout, after apply has returned.
  'deployment.kubernetes.io/revision',
];

export interface NormalizeOptions {
  /** Fills in apiVersion and kind, which list items come without. */
  readonly identity?: { readonly apiVersion: string; readonly kind: string } | undefined;
  /** The manifest: controller-filled fields it sets itself are kept (see controller-fields.ts). */
  readonly manifest?: JsonObject | undefined;
}

/** A normalised copy of an object as the API returned it. */
export function normalizeObject(object: JsonObject, options: NormalizeOptions = {}): JsonObject {
  const copy = cloneJson(object);
  if (options.identity) {
    copy['apiVersion'] ??= options.identity.apiVersion;
    copy['kind'] ??= options.identity.kind;
  }
  delete copy['status'];
  dropControllerFields(copy, options.manifest);
  const metadata = copy['metadata'];
  if (isJsonObject(metadata)) {
    for (const key of SERVER_METADATA) Reflect.deleteProperty(metadata, key);
    const annotations = metadata['annotations'];
    if (isJsonObject(annotations)) {
      for (const key of NOISE_ANNOTATIONS) Reflect.deleteProperty(annotations, key);
      if (Object.keys(annotations).length === 0) delete metadata['annotations'];
    }
  }
  dropNullCreationTimestamps(copy);
  foldStringData(copy);
  return copy;
}
