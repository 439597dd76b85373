import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKusionPlugin, silentIoHost } from '@kusion/sdk';
import type { PluginHost, ProviderRegistration } from '@kusion/sdk';
import plugin, { createTestProvider, testProvider } from './index.js';

describe('@kusion/testkit as a provider package', () => {
  it('default-exports a plugin that registers provider "test" for type "Test"', async () => {
    expect(plugin).toBe(testProvider);
    expect(isKusionPlugin(plugin)).toBe(true);
    const registered: ProviderRegistration[] = [];
    await plugin.apply({
      registerProvider: (registration: ProviderRegistration) => registered.push(registration),
    } as unknown as PluginHost);
    expect(registered.map(({ name, resourceTypes }) => ({ name, resourceTypes }))).toEqual([
      { name: 'test', resourceTypes: ['Test'] },
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'kusion-testkit-index-'));
    const context = { project: 'p', stack: 's', workspace: 'w', projectDir: dir };
    const created = await registered[0]?.create({
      settings: { dir: '.cloud' },
      context,
      io: silentIoHost,
      signal: new AbortController().signal,
    });
    expect(created?.kind).toBe('resource');
    expect(
      (await createTestProvider({ settings: { dir: '.cloud', batch: true }, context })).kind,
    ).toBe('batch');
    await rm(dir, { recursive: true, force: true });
  });
});
