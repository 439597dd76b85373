/** Mistyped commands against the real command tree (the built manifest and the oclif plugins). */
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeCommandLineProblem, findCommandLineProblem } from './unknown-command.js';

let config: Config;
beforeAll(async () => {
  config = await Config.load(fileURLToPath(new URL('..', import.meta.url)));
});

describe('findCommandLineProblem', () => {
  it.each([
    ['deploy'],
    ['workspace', 'create', 'dev', '-f', 'x.yaml'],
    ['workspace'],
    ['release', 'list', '--json'],
    ['apply', '--yes'],
    ['--version'],
    [],
    ['help', 'deploy'],
    ['autocomplete', 'bash'],
  ])('finds nothing wrong with kusion %s', (...argv: string[]) => {
    expect(findCommandLineProblem(config, argv)).toBeUndefined();
  });

  it.each([
    [
      ['deploi'],
      '"deploi" is not a `kusion` command; did you mean `kusion deploy`?',
      '`kusion --help` lists the commands',
    ],
    [
      ['deplyo', '--yes'],
      '"deplyo" is not a `kusion` command; did you mean `kusion deploy`?',
      '`kusion --help` lists the commands',
    ],
    [
      ['previw', '--exit-code'],
      '"previw" is not a `kusion` command; did you mean `kusion preview`?',
      '`kusion --help` lists the commands',
    ],
    [
      ['workspace', 'craete', 'dev'],
      '"craete" is not a `kusion workspace` command; did you mean `kusion workspace create`?',
      '`kusion workspace --help` lists the commands',
    ],
    [
      ['release', 'rolback', '--revision', '1'],
      '"rolback" is not a `kusion release` command; did you mean `kusion release rollback`?',
      '`kusion release --help` lists the commands',
    ],
    [
      ['frobnicate'],
      '"frobnicate" is not a `kusion` command',
      '`kusion --help` lists the commands',
    ],
    [
      ['deploy', 'extra'],
      'unexpected argument "extra": `kusion deploy` takes no arguments',
      'see `kusion deploy --help`',
    ],
  ])('explains kusion %j in one line, without internal ids', (argv, message, hint) => {
    const problem = findCommandLineProblem(config, argv);
    expect(problem).toBeDefined();
    const described = describeCommandLineProblem(problem!, 'kusion');
    expect(described).toEqual({ message, hint });
    expect(described.message).not.toMatch(/\w:\w/);
  });

  it('keeps the words after a mistyped command, to run the suggestion with', () => {
    expect(
      findCommandLineProblem(config, ['workspace', 'craete', 'dev', '-f', 'x.yaml']),
    ).toMatchObject({ suggestion: 'workspace create', rest: ['dev', '-f', 'x.yaml'] });
  });
});
