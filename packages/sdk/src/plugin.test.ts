import { describe, expect, it } from 'vitest';
import {
  CONTRACT_VERSION,
  definePlugin,
  defineProvider,
  isContractCompatible,
  isKusionPlugin,
} from './plugin.js';
import type { PluginHost, ProviderRegistration } from './plugin.js';

describe('plugins are recognised by brand', () => {
  it('accepts what definePlugin returns, and a structurally equal plugin from another sdk copy', () => {
    const plugin = definePlugin({ name: 'p', apply: () => undefined });
    expect(isKusionPlugin(plugin)).toBe(true);
    const foreign = {
      [Symbol.for('kusion.plugin')]: true,
      name: 'f',
      contractVersion: '2.1',
      apply() {},
    };
    expect(isKusionPlugin(foreign)).toBe(true);
  });

  it('rejects look-alikes without the brand', () => {
    expect(isKusionPlugin({ name: 'x', apply() {} })).toBe(false);
    expect(isKusionPlugin(null)).toBe(false);
    expect(isKusionPlugin({ [Symbol.for('kusion.plugin')]: true })).toBe(false);
  });

  it('defineProvider registers its provider through the host', async () => {
    const registered: ProviderRegistration[] = [];
    const registration: ProviderRegistration = {
      name: 'demo',
      resourceTypes: ['Demo'],
      create: () => {
        throw new Error('not needed');
      },
    };
    const host = {
      registerProvider: (r: ProviderRegistration) => registered.push(r),
    } as unknown as PluginHost;
    await defineProvider(registration).apply(host);
    expect(registered).toEqual([registration]);
  });
});

describe('contract versions', () => {
  it.each([
    ['1.0', '1.0', true],
    ['1.0', '1.3', true],
    ['1.4', '1.3', false],
    ['2.0', '1.9', false],
    ['0.9', '1.0', false],
    ['garbage', '1.0', false],
  ])('plugin %s on engine %s → %s', (plugin, engine, expected) => {
    expect(isContractCompatible(plugin, engine)).toBe(expected);
  });

  it('the sdk declares a major.minor version', () => {
    expect(CONTRACT_VERSION).toMatch(/^\d+\.\d+$/);
  });
});
