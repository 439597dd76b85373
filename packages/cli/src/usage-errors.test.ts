/** Every flag or argument error of the brief, through oclif's real parser and our commands' definitions. */
import { Parser } from '@oclif/core';
import type { Command } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import Deploy from './commands/deploy.js';
import Graph from './commands/graph.js';
import ReleaseShow from './commands/release/show.js';
import WorkspaceCreate from './commands/workspace/create.js';
import WorkspaceShow from './commands/workspace/show.js';
import { describeUsageError } from './usage-errors.js';
import type { CommandShape } from './usage-errors.js';

type CommandClass = Command.Class & { baseFlags?: object };

async function usageError(
  command: CommandClass,
  id: string,
  argv: string[],
): Promise<{ message: string; hint: string }> {
  const flags = { ...command.baseFlags, ...command.flags };
  const error = await Parser.parse(argv, {
    flags,
    args: command.args,
    strict: command.strict,
  }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error === undefined) throw new Error(`kusion ${id} ${argv.join(' ')} parsed`);
  const shape: CommandShape = { id, flags: flags, args: command.args };
  const described = describeUsageError(error, shape, argv, 'kusion');
  if (described === undefined) throw new Error('not described as a usage error', { cause: error });
  return described;
}

describe('describeUsageError', () => {
  it.each<[string, CommandClass, string, string[], string]>([
    [
      'a missing required flag',
      WorkspaceCreate,
      'workspace:create',
      ['dev'],
      'missing required flag -f/--file: Workspace file (YAML)',
    ],
    [
      'a missing argument',
      WorkspaceCreate,
      'workspace:create',
      ['-f', 'dev.yaml'],
      'missing required argument NAME: Workspace name',
    ],
    [
      'a flag without its value',
      WorkspaceCreate,
      'workspace:create',
      ['dev', '-f'],
      '-f/--file expects a value: Workspace file (YAML)',
    ],
    [
      'a revision that is not a number',
      ReleaseShow,
      'release:show',
      ['--revision', 'abc'],
      'invalid value "abc" for --revision: expected a whole number ≥ 1',
    ],
    [
      'a concurrency of 0',
      Deploy,
      'deploy',
      ['--concurrency', '0'],
      'invalid value "0" for --concurrency: expected a whole number ≥ 1',
    ],
    [
      'a timeout that is no duration',
      Deploy,
      'deploy',
      ['--timeout', '5parsecs'],
      'invalid value "5parsecs" for --timeout: expected a duration such as 30s, 5m, 1h, or a number of seconds',
    ],
    [
      'a negative lock timeout',
      Deploy,
      'deploy',
      ['--lock-timeout=-3'],
      'invalid value "-3" for --lock-timeout: expected a duration such as 30s, 5m, 1h, or a number of seconds, not a negative one',
    ],
    [
      'a value outside the options',
      Graph,
      'graph',
      ['--format', 'png'],
      'invalid value "png" for --format: expected one of dot, mermaid, json',
    ],
    [
      'a misspelt flag',
      Deploy,
      'deploy',
      ['--yse'],
      'unknown flag --yse for `kusion deploy` (did you mean --yes?)',
    ],
    [
      'an unknown flag',
      Deploy,
      'deploy',
      ['--frobnicate'],
      'unknown flag --frobnicate for `kusion deploy`',
    ],
    [
      'one argument too many',
      WorkspaceShow,
      'workspace:show',
      ['a', 'b'],
      'unexpected argument "b": `kusion workspace show` takes one argument: NAME',
    ],
  ])(
    'says in one line what was wrong and what is expected: %s',
    async (_case, command, id, argv, message) => {
      const described = await usageError(command, id, argv);
      expect(described.message).toBe(message);
      expect(described.hint).toBe(`see \`kusion ${id.replace(':', ' ')} --help\``);
    },
  );

  it('leaves errors that did not come from parsing to the caller (they are bugs)', () => {
    expect(
      describeUsageError(
        new TypeError('x is undefined'),
        { id: 'deploy', flags: {}, args: {} },
        [],
        'kusion',
      ),
    ).toBeUndefined();
  });
});
