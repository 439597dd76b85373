import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, isKusionError } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseWaves, loadRolloutFile, parseWaveList } from './waves.js';

const workspacesOf = (text: string) => parseWaveList(text).map((wave) => wave.workspaces);

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isKusionError(error)) return `${String(error.code)}: ${error.message}`;
    throw error;
  }
  throw new Error('expected an error');
}

describe('--workspaces', () => {
  it('reads waves: a bracketed group is one wave', () => {
    expect(workspacesOf('dev,[eu,us],prod')).toEqual([['dev'], ['eu', 'us'], ['prod']]);
    expect(workspacesOf('dev')).toEqual([['dev']]);
    expect(workspacesOf('[a,b]')).toEqual([['a', 'b']]);
    expect(workspacesOf(' dev , [ eu , us ] ')).toEqual([['dev'], ['eu', 'us']]);
    expect(parseWaveList('dev,[eu,us]').map((wave) => wave.name)).toEqual(['wave-1', 'wave-2']);
  });

  it('refuses a malformed list, saying where', () => {
    expect(messageOf(() => parseWaveList('dev,,prod'))).toBe(
      'INVALID_ARGUMENT: invalid value "dev,,prod" for --workspaces: an empty workspace name at character 5',
    );
    expect(messageOf(() => parseWaveList('[dev'))).toContain('a "[" without its "]"');
    expect(messageOf(() => parseWaveList('dev]'))).toContain('a "]" without its "["');
    expect(messageOf(() => parseWaveList('[a,[b]]'))).toContain('a "[" inside a group');
    expect(messageOf(() => parseWaveList('[a]b'))).toContain('text after "]"');
    expect(messageOf(() => parseWaveList('dev,'))).toContain('an empty workspace name');
    expect(messageOf(() => parseWaveList('dev,[eu,dev]'))).toBe(
      'INVALID_ARGUMENT: workspace "dev" is named twice in --workspaces',
    );
    expect(messageOf(() => parseWaveList('dev,pr od'))).toContain('invalid workspace name');
  });
});

describe('rollout.yaml', () => {
  let dir: string;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives names, pauses, bake times and options; the flag wins over its waves', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kusion-waves-'));
    await writeFile(
      join(dir, 'rollout.yaml'),
      [
        'waves:',
        '  - name: canary',
        '    workspaces: [dev]',
        '  - workspaces: [eu, us]',
        '    pause: true',
        '    bake: 2m',
        'rollbackOnFailure: true',
        '',
      ].join('\n'),
    );
    const file = await loadRolloutFile(dir);
    expect(file?.waves).toEqual([
      { name: 'canary', workspaces: ['dev'], pause: false, bakeMs: 0 },
      { name: 'wave-2', workspaces: ['eu', 'us'], pause: true, bakeMs: 120_000 },
    ]);
    expect(file?.rollbackOnFailure).toBe(true);
    expect(chooseWaves(undefined, file)).toBe(file?.waves);
    expect(chooseWaves('prod', file).map((wave) => wave.workspaces)).toEqual([['prod']]);
  });

  it('reports every problem with its line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kusion-waves-'));
    await writeFile(
      join(dir, 'rollout.yaml'),
      [
        'waves:',
        '  - workspaces: [dev]',
        '    bake: soon',
        '  - workspaces: [prod, dev]',
        '    paus: true',
        '',
      ].join('\n'),
    );
    const error = await loadRolloutFile(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).diagnostics.map((d) => `${d.line ?? ''}: ${d.message}`)).toEqual([
      '3: waves[0].bake: must be a duration such as 30s, 10m or 1h, received "soon"',
      '4: waves[1].workspaces[1]: workspace "dev" is already in waves[0]; each workspace is deployed in one wave',
      '5: waves[1].paus: unknown property "paus" (did you mean "pause"?); allowed: name, workspaces, pause, bake',
    ]);
  });

  it('is optional, but something must name the workspaces', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kusion-waves-'));
    expect(await loadRolloutFile(dir)).toBeUndefined();
    expect(() => chooseWaves(undefined, undefined)).toThrow(/no --workspaces and no rollout.yaml/);
  });
});
