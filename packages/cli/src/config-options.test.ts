/** Which command lines load oclif's own plugins, against the real command tree. */
import { Config } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { configOptions, namesOwnCommand } from './config-options.js';

const root = new URL('../bin/run.js', import.meta.url).href;

describe('namesOwnCommand', () => {
  it.each([
    [['deploy', '--yes']],
    [['workspace', 'create', 'dev', '-f', 'x.yaml']],
    [['release', 'list', '--json']],
    [['deploy', 'extra']],
  ])('is true for kusion %s', (argv) => {
    expect(namesOwnCommand(argv)).toBe(true);
  });

  it.each([
    [[]],
    [['--version']],
    [['deploy', '--help']],
    [['workspace', 'list', '-h']],
    [['help', 'deploy']],
    [['autocomplete', 'bash']],
    [['workspace']],
    [['deploi']],
    [['--json', 'deploy']],
  ])('is false for kusion %s', (argv) => {
    expect(namesOwnCommand(argv)).toBe(false);
  });
});

describe('configOptions', () => {
  it('loads our commands without oclif plugins for one of them', async () => {
    const config = await Config.load(await configOptions(['deploy', '--yes'], root));
    expect(config.findCommand('deploy')).toBeDefined();
    expect(config.findCommand('workspace:create')).toBeDefined();
    expect(config.findCommand('autocomplete')).toBeUndefined();
    expect(config.plugins.size).toBe(1);
  });

  it('loads the plugins for help and anything else', async () => {
    const config = await Config.load(await configOptions(['help', 'deploy'], root));
    expect(config.findCommand('deploy')).toBeDefined();
    expect(config.findCommand('autocomplete')).toBeDefined();
    expect(config.findCommand('help')).toBeDefined();
  });
});
