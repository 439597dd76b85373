/**
 * A claim whose StorageClass binds on first consumer (`WaitForFirstConsumer`, the default on many
 * clouds and on kind) stays Pending until a Pod uses it, and the Pods come after the claim: waiting
 * for it to be Bound would wait forever. Such a claim is ready once applied.
 */
import type { KubeObjects } from '../client/kube-objects.js';
import { stringAt } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';

export async function bindsOnFirstConsumer(
  objects: KubeObjects,
  claim: JsonObject,
  signal: AbortSignal,
): Promise<boolean> {
  // Admission fills in the default class: a claim without one after apply binds statically.
  const className = stringAt(claim, 'spec', 'storageClassName');
  if (!className) return false;
  const mapping = await objects.mapper.find('storage.k8s.io/v1', 'StorageClass', signal);
  if (!mapping) return false;
  const storageClass = await objects.get(
    mapping,
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: className },
    signal,
  );
  return stringAt(storageClass, 'volumeBindingMode') === 'WaitForFirstConsumer';
}
