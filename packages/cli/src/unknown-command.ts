/**
 * What a command line that names no command meant. oclif glues the words it cannot place into one
 * id (`kusion workspace craete dev` → `workspace:craete:dev`, `kusion deploy extra` →
 * `deploy:extra`) and reports "command workspace:craete:dev not found" with exit 2 — the code that
 * means "changes present". Here the line is taken apart again: a stray argument after a command, or
 * a mistyped command with the nearest real one.
 */
import type { Config } from '@oclif/core';
import { normalizeArgv } from '@oclif/core/help';
import { distance } from 'fastest-levenshtein';

export type CommandLineProblem =
  | {
      readonly kind: 'unknown-command';
      /** What was typed, as the user typed it: `workspace craete`. */
      readonly typed: string;
      /** The topic the mistyped word was looked up in, if any: `workspace`. */
      readonly topic: string | undefined;
      /** The nearest command, as typed: `workspace create`. */
      readonly suggestion: string | undefined;
      /** The arguments after the mistyped word, to run the suggestion with. */
      readonly rest: readonly string[];
    }
  | {
      readonly kind: 'unexpected-argument';
      /** The command that was found: `deploy`. */
      readonly command: string;
      readonly argument: string;
    };

type CommandLookup = Pick<Config, 'findCommand' | 'findTopic' | 'commandIDs' | 'commands'> &
  Parameters<typeof normalizeArgv>[0];

/** `undefined` when the line names a command or a topic (or only flags, for the root help). */
export function findCommandLineProblem(
  config: CommandLookup,
  argv: readonly string[],
): CommandLineProblem | undefined {
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) return undefined;
  const [id = first, ...rest] = normalizeArgv(config, [...argv]);
  if (config.findCommand(id) || config.findTopic(id)) return undefined;

  const words = id.split(':');
  const trailing = [...words.slice(1), ...rest];
  for (let length = words.length - 1; length >= 1; length--) {
    const prefix = words.slice(0, length).join(':');
    if (config.findCommand(prefix)) {
      return {
        kind: 'unexpected-argument',
        command: prefix.replaceAll(':', ' '),
        argument: words[length] ?? '',
      };
    }
    if (config.findTopic(prefix)) {
      const typed = words.slice(0, length + 1);
      return {
        kind: 'unknown-command',
        typed: typed.join(' '),
        topic: prefix.replaceAll(':', ' '),
        suggestion: nearestCommand(config, typed.join(':'), `${prefix}:`),
        rest: [...words.slice(length + 1), ...rest],
      };
    }
  }
  return {
    kind: 'unknown-command',
    typed: first,
    topic: undefined,
    suggestion: nearestCommand(config, first, ''),
    rest: trailing,
  };
}

/** The visible command (or alias) under `topicPrefix` nearest to `typedId`, if it is near enough. */
function nearestCommand(
  config: CommandLookup,
  typedId: string,
  topicPrefix: string,
): string | undefined {
  const candidates = config.commands
    .filter((command) => !command.hidden)
    .flatMap((command) => [command.id, ...command.aliases])
    .filter((id) => id.startsWith(topicPrefix) && !id.slice(topicPrefix.length).includes(':'));
  const typedWord = typedId.slice(topicPrefix.length);
  let best: { id: string; distance: number } | undefined;
  for (const id of candidates) {
    const candidateDistance = distance(typedWord.toLowerCase(), id.slice(topicPrefix.length));
    if (best === undefined || candidateDistance < best.distance)
      best = { id, distance: candidateDistance };
  }
  // Two edits (a swap counts as two) or a third of the word: a guess further off helps nobody.
  const limit = Math.max(2, Math.floor(typedWord.length / 3));
  return best !== undefined && best.distance <= limit ? best.id.replaceAll(':', ' ') : undefined;
}

/** One line for the error, and where to look. */
export function describeCommandLineProblem(
  problem: CommandLineProblem,
  bin: string,
): { message: string; hint: string } {
  if (problem.kind === 'unexpected-argument') {
    return {
      message: `unexpected argument ${JSON.stringify(problem.argument)}: \`${bin} ${problem.command}\` takes no arguments`,
      hint: `see \`${bin} ${problem.command} --help\``,
    };
  }
  const scope = problem.topic === undefined ? bin : `${bin} ${problem.topic}`;
  const word = problem.typed.split(' ').at(-1) ?? problem.typed;
  const guess =
    problem.suggestion === undefined ? '' : `; did you mean \`${bin} ${problem.suggestion}\`?`;
  return {
    message: `${JSON.stringify(word)} is not a \`${scope}\` command${guess}`,
    hint: `\`${scope} --help\` lists the commands`,
  };
}
