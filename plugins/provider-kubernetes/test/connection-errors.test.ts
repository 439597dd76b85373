/** What a user sees when the API server cannot be reached, and what the engine may retry. */
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '@kusion/test-peers';
import { createKubernetesProvider } from '../src/index.js';
import { context, kubeconfigPath, kubernetesResource, read } from './kube-fixtures.js';

const dir = await mkdtemp(join(tmpdir(), 'kusion-kube-connection-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The peer's kubeconfig, pointed at a port where nothing listens. */
async function deadServerKubeconfig(): Promise<string> {
  const port = await getFreePort();
  const text = (await readFile(kubeconfigPath(), 'utf8')).replace(
    /server: https:\/\/127\.0\.0\.1:\d+/,
    `server: https://127.0.0.1:${port}`,
  );
  const path = join(dir, `dead-${port}.yaml`);
  await writeFile(path, text);
  return path;
}

describe('an API server that cannot be reached', () => {
  it('fails with a retryable error that names the request and the cause', async () => {
    const provider = createKubernetesProvider({
      settings: { kubeconfig: await deadServerKubeconfig() },
      context,
    });
    const configMap = kubernetesResource({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'default' },
    });
    const failure = await read(provider, configMap).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'PROVIDER_FAILED', retryable: true });
    expect((failure as Error).message).toMatch(/cannot reach the API server: .*ECONNREFUSED/);
    await provider.close?.();
  });
});
