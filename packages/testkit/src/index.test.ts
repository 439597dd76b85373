import { describe, expect, it } from 'vitest';
import { isKusionPlugin } from '@kusion/sdk';
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
    const created = await registered[0]?.create();
    expect(typeof created?.apply).toBe('function');
    expect(typeof createTestProvider().read).toBe('function');
  });
});
