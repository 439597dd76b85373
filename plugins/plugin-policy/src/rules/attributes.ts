/**
 * Where the clouds keep what the rules look at. Providers differ: a Kubernetes object has
 * `metadata.labels`, a CloudFormation resource `{ Type, Properties: { Tags } }`, an ARM resource
 * `{ type, properties, tags }`, a GCP resource `labels`, the test provider plain attributes.
 */
import type { Attributes } from '@kusion/sdk';

export function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The cloud's own type name inside the attributes (`AWS::S3::Bucket`, `Microsoft.Storage/storageAccounts`). */
export function nativeType(attributes: Attributes): string | undefined {
  const type = attributes.Type ?? attributes.type ?? attributes.kind;
  return typeof type === 'string' ? type : undefined;
}

/** CloudFormation `Properties`, ARM `properties`, or the attributes themselves. */
export function properties(attributes: Attributes): Readonly<Record<string, unknown>> {
  if ('Properties' in attributes) return record(attributes.Properties);
  if ('properties' in attributes) return record(attributes.properties);
  return attributes;
}

/** Every label, tag and (Kubernetes) annotation key with its value, wherever the cloud keeps them. */
export function labelsOf(attributes: Attributes): Map<string, unknown> {
  const labels = new Map<string, unknown>();
  const add = (source: unknown): void => {
    if (Array.isArray(source)) {
      // CloudFormation: [{ Key, Value }]
      for (const tag of source) {
        const { Key, Value } = record(tag);
        if (typeof Key === 'string') labels.set(Key, Value);
      }
      return;
    }
    for (const [key, value] of Object.entries(record(source))) labels.set(key, value);
  };
  const metadata = record(attributes.metadata);
  add(metadata.labels);
  add(properties(attributes).Tags);
  add(attributes.tags);
  add(attributes.labels);
  return labels;
}

export function annotationsOf(attributes: Attributes): Map<string, unknown> {
  return new Map(Object.entries(record(record(attributes.metadata).annotations)));
}
