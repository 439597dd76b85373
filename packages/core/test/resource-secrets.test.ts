/**
 * `ref://` values inside resource attributes: resolved through the workspace's secret store when
 * planning and applying, never shown, stored or sealed in clear; a secret this very deploy creates
 * is known after apply.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { definePlugin, isKusionError, SENSITIVE_MASK } from '@kusion/sdk';
import type { KusionPlugin } from '@kusion/sdk';
import { resourceFileName, testProvider } from '@kusion/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { deploy, destroy, generate, preview, showRelease, updateWorkspace } from '../src/index.js';
import { otherProvider, createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

/** A secret store that reads attributes of the test provider's objects: `ref://<id>/<attribute>`. */
const vaultStore: KusionPlugin = definePlugin({
  name: 'vault-store',
  apply(host) {
    host.registerSecretStore({
      name: 'vault',
      create: (settings) => ({
        async get({ reference }) {
          const file = join(String(settings.dir), resourceFileName(reference.name));
          const object = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
          const value = object[reference.key ?? ''];
          if (typeof value !== 'string')
            throw new Error(`no secret ${reference.name}/${reference.key ?? ''}`);
          return value;
        },
      }),
    });
  },
});

const TOKEN = 'V4ult-t0ken-9f3c1e';
const plugins = [testProvider, otherProvider, vaultStore];
let project: ScratchProject;

beforeEach(async () => {
  project = await createScratchProject();
  await writeFile(
    join(project.dir, 'workspace.yaml'),
    stringify({
      providers: { test: { dir: '.cloud-test' } },
      secretStore: { provider: 'vault', dir: join(project.dir, '.cloud-test') },
    }),
  );
  await updateWorkspace({
    ...project.options({ plugins }),
    name: 'dev',
    file: join(project.dir, 'workspace.yaml'),
  });
});
afterEach(async () => {
  await project.cleanup();
});

/** Every file under KUSION_HOME (workspaces, releases, journals) as one text. */
async function everythingStored(): Promise<string> {
  const entries = await readdir(project.home, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')),
  );
  return texts.join('\n');
}

describe('ref:// values in resource attributes', () => {
  it('are read after the deploy that creates their secret, and never shown or stored in clear', async () => {
    await project.writeResources([
      test('vault', { token: TOKEN }, { extensions: { sensitivePaths: ['token'] } }),
      test('app', { token: 'ref://vault/token', image: 'app:1' }, { dependsOn: ['vault'] }),
    ]);
    // Planned before the secret exists: known after apply, not an error.
    const plan = await preview(project.options({ plugins }));
    expect(plan.changes.map((c) => `${c.id}:${c.action}`)).toEqual(['vault:Create', 'app:Create']);

    const result = await deploy(project.options({ plugins }));
    expect(result.status).toBe('succeeded');
    expect((await project.cloud())['app.json']?.token).toBe(TOKEN);

    // Planned again: the secret is read, matches what was applied, and the path stays masked.
    const again = await preview(project.options({ plugins }));
    expect(again.changes.map((c) => c.action)).toEqual(['UnChanged', 'UnChanged']);
    expect(again.changes[1]?.desired?.attributes.token).toBe(SENSITIVE_MASK);

    const release = await showRelease(project.options({ plugins }));
    const appState = release.state.resources.find((r) => r.id === 'app');
    expect(appState?.sensitivePaths).toContain('token');
    expect(String(appState?.attributes.token)).toMatch(/^\(sensitive sha256:/);
    // The stored Spec keeps the reference, sealed with the release's key.
    const stored = release.spec.resources.find((r) => r.id === 'app');
    expect(String(stored?.attributes.token)).toMatch(/^\(sealed aes-256-gcm key=[0-9a-f]{16}:/);

    const messages = JSON.stringify([plan, again, result, project.io.messages]);
    expect(messages).not.toContain(TOKEN);
    expect(await everythingStored()).not.toContain(TOKEN);
    // `generate` shows the reference, which is no secret.
    const { masked } = await generate(project.options({ plugins }));
    expect(masked.resources[1]?.attributes.token).toBe('ref://vault/token');
    expect((await destroy(project.options({ plugins }))).status).toBe('succeeded');
  });

  it('fail the plan, naming the reference, when nothing this deploy creates can provide them', async () => {
    await project.writeResources([test('app', { token: 'ref://vault/token' })]);
    const error = await preview(project.options({ plugins })).catch((e: unknown) => e);
    expect(isKusionError(error) && error.code).toBe('PROVIDER_FAILED');
    expect((error as Error).message).toContain('planning "app" failed');
    expect(await project.operations()).toEqual([]);
  });

  it("resolve Kusion's base64 references in a Kubernetes Secret's data, keeping them base64", async () => {
    const { findSecretSites, resolveSecretSites } =
      await import('../src/secrets/resource-secrets.js');
    const secret = {
      type: 'Kubernetes',
      attributes: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'api' },
        data: { token: Buffer.from('ref://api/token').toString('base64'), plain: 'YWJj' },
      },
    };
    expect(findSecretSites(secret)).toEqual([
      { path: ['data', 'token'], text: 'ref://api/token', encoding: 'base64' },
    ]);
    const resolved = await resolveSecretSites(secret, (text) => Promise.resolve(`<${text}>`), {
      tolerate: false,
    });
    expect(resolved.attributes.data).toEqual({
      token: Buffer.from('<ref://api/token>').toString('base64'),
      plain: 'YWJj',
    });
  });
});
