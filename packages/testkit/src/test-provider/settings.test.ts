import { describe, expect, it } from 'vitest';
import { isKusionError } from '@kusion/sdk';
import { parseSettings } from './settings.js';

describe('test provider settings', () => {
  it('apply defaults and resolve a relative dir against the project folder', () => {
    const settings = parseSettings({ dir: './.cloud' }, '/projects/demo');
    expect(settings).toEqual({
      dir: '/projects/demo/.cloud',
      latencyMs: 0,
      readLatencyMs: 0,
      failIds: new Set(),
      transientFailRate: 0,
      failRate: 0,
      seed: undefined,
      readyAfterMs: 0,
      batch: false,
    });
  });

  it('keep an absolute dir and every given value', () => {
    const settings = parseSettings(
      {
        dir: '/tmp/cloud',
        latencyMs: 50,
        readLatencyMs: 5,
        failIds: ['x'],
        transientFailRate: 0.2,
        failRate: 0.1,
        seed: 3,
        readyAfterMs: 100,
        batch: true,
      },
      '/projects/demo',
    );
    expect(settings).toMatchObject({
      dir: '/tmp/cloud',
      latencyMs: 50,
      seed: 3,
      batch: true,
      failIds: new Set(['x']),
    });
  });

  it('name the setting, the value received and what is expected', () => {
    expect(() => parseSettings({ dir: '.cloud', latencyMs: '50' }, '/p')).toThrow(
      '"latencyMs" must be a number ≥ 0 (milliseconds), received "50" (a string)',
    );
    expect(() => parseSettings({ dir: '.cloud', failIds: 'a' }, '/p')).toThrow(
      '"failIds" must be a list of resource ids',
    );
    expect(() => parseSettings({ dir: '.cloud', failRate: 2 }, '/p')).toThrow(
      '"failRate" must be a number from 0 to 1, received 2',
    );
    expect(() => parseSettings({ dir: '.cloud', batch: 'yes' }, '/p')).toThrow(
      '"batch" must be true or false',
    );
    expect(() => parseSettings({ dir: '.cloud', seed: null }, '/p')).toThrow(
      '"seed" must be a number, received null',
    );
  });

  it('require dir and report every problem at once, as a provider error', () => {
    let caught: unknown;
    try {
      parseSettings({ latencyMS: 50, readyAfterMs: -1 }, '/p');
    } catch (error) {
      caught = error;
    }
    expect(isKusionError(caught) && caught.code).toBe('PROVIDER_FAILED');
    const message = (caught as Error).message;
    expect(message).toContain('unknown setting "latencyMS"');
    expect(message).toContain('"readyAfterMs" must be a number ≥ 0');
    expect(message).toContain('"dir" is required');
  });
});
