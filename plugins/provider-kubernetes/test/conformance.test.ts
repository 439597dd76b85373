/** The provider conformance suite from @kusion/testkit, against the real API server. */
import { beforeAll } from 'vitest';
import type { ResourceProvider } from '@kusion/sdk';
import { describeProviderConformance } from '@kusion/testkit/conformance';
import { context, createNamespace, createProvider, kubernetesResource } from './kube-fixtures.js';

let namespace = '';
beforeAll(async () => {
  namespace = await createNamespace('conformance');
});

let counter = 0;
const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${++counter}`;
const newProvider = async (): Promise<ResourceProvider> => (await createProvider()).provider;

describeProviderConformance({
  name: 'kubernetes (ConfigMap)',
  context,
  createProvider: newProvider,
  identityPath: 'metadata.uid',
  timeoutMs: 60_000,
  fixtures: () => {
    const name = uniqueName('cm');
    // `immutable: true` makes data unchangeable in place (a replacement) while labels stay mutable.
    // A user may mark a ConfigMap value secret: it is then masked and hashed like a Secret's.
    const manifest = (labels: Record<string, string>, data: Record<string, string>) =>
      kubernetesResource(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace, labels },
          immutable: true,
          data,
        },
        { extensions: { sensitivePaths: ['data.greeting'] } },
      );
    return {
      create: manifest({ tier: 'one' }, { greeting: 'hello' }),
      update: manifest({ tier: 'two' }, { greeting: 'hello' }),
      replace: manifest({ tier: 'one' }, { greeting: 'bonjour' }),
    };
  },
});

describeProviderConformance({
  name: 'kubernetes (Secret)',
  context,
  createProvider: newProvider,
  identityPath: 'metadata.uid',
  timeoutMs: 60_000,
  fixtures: () => {
    const name = uniqueName('secret');
    // A Secret's type cannot change in place: a replacement.
    const manifest = (password: string, type = 'Opaque') =>
      kubernetesResource(
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name, namespace },
          type,
          stringData: { password },
        },
        { extensions: { sensitivePaths: ['stringData'] } },
      );
    return {
      create: manifest('s3cr3t-value-1'),
      update: manifest('s3cr3t-value-2'),
      replace: manifest('s3cr3t-value-1', 'example.com/other'),
    };
  },
});
