/**
 * One line for a wrong flag or argument: what was received and what is expected. oclif's own
 * messages spread over several lines ("The following error occurred:", a tab-indented cause, "See
 * more help with --help"), and the first line alone says nothing; custom flag parsers' errors are
 * not even marked as oclif's. Here the command's flag and argument definitions fill in the rest.
 */
import { stripVTControlCharacters } from 'node:util';
import { distance } from 'fastest-levenshtein';

/** The parts of an oclif flag definition read here. */
export interface FlagShape {
  readonly char?: string | undefined;
  readonly description?: string | undefined;
  readonly options?: readonly string[] | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly type?: string | undefined;
}

export interface ArgShape {
  readonly description?: string | undefined;
  readonly required?: boolean | undefined;
}

export interface CommandShape {
  /** `workspace:create`. */
  readonly id: string;
  readonly flags: Readonly<Record<string, FlagShape>>;
  readonly args: Readonly<Record<string, ArgShape>>;
}

export interface UsageError {
  readonly message: string;
  readonly hint: string;
}

/**
 * Describes an error raised while parsing the command line; `undefined` when `error` is something
 * else (then it is a bug, not a usage error).
 */
export function describeUsageError(
  error: unknown,
  command: CommandShape,
  argv: readonly string[],
  bin: string,
): UsageError | undefined {
  if (!(error instanceof Error)) return undefined;
  const text = stripVTControlCharacters(error.message);
  const usage = `\`${bin} ${command.id.replaceAll(':', ' ')}\``;
  const hint = `see ${usage.slice(0, -1)} --help\``;
  const message = describe(error.constructor.name, text, error, command, argv, usage);
  return message === undefined ? undefined : { message, hint };
}

function describe(
  kind: string,
  text: string,
  error: Error,
  command: CommandShape,
  argv: readonly string[],
  usage: string,
): string | undefined {
  // "Parsing --revision \n\tExpected an integer but received: abc": a flag's value did not parse.
  const parsing = /^Parsing --([\w-]+)\s*\n\t([^\n]*)/.exec(text);
  if (parsing) {
    const [, name = '', reason = ''] = parsing;
    return invalidValue(name, command.flags[name], reason, argv);
  }
  const missingValue = /^Flag --([\w-]+) expects a value/.exec(text);
  if (missingValue) {
    const name = missingValue[1] ?? '';
    return `${flagLabel(name, command.flags[name])} expects a value${described(command.flags[name])}`;
  }
  switch (kind) {
    case 'FailedFlagValidationError':
      return failedValidation(text, command);
    case 'RequiredArgsError': {
      const missing =
        (error as { args?: readonly { name: string; description?: string }[] }).args ?? [];
      return missing
        .map(
          (arg) =>
            `missing required argument ${arg.name.toUpperCase()}${arg.description ? `: ${arg.description}` : ''}`,
        )
        .join('; ');
    }
    case 'UnexpectedArgsError': {
      const extra = (error as { args?: readonly unknown[] }).args ?? [];
      const allowed = Object.keys(command.args).map((name) => name.toUpperCase());
      const takes =
        allowed.length === 0
          ? 'takes no arguments'
          : `takes ${allowed.length === 1 ? 'one argument' : `${allowed.length} arguments`}: ${allowed.join(' ')}`;
      return `unexpected argument${extra.length === 1 ? '' : 's'} ${extra.map((value) => JSON.stringify(String(value))).join(' ')}: ${usage} ${takes}`;
    }
    case 'NonExistentFlagsError': {
      const flags = (error as { flags?: readonly string[] }).flags ?? [];
      return flags
        .map((flag) => `unknown flag ${flag} for ${usage}${suggestFlag(flag, command.flags)}`)
        .join('; ');
    }
    case 'FlagInvalidOptionError': {
      const option = /^Expected --([\w-]+)=(.*) to be one of: (.*)$/m.exec(text);
      if (option)
        return `invalid value ${JSON.stringify(option[2])} for --${option[1] ?? ''}: expected one of ${option[3] ?? ''}`;
      return firstLine(text);
    }
    case 'ArgInvalidOptionError':
      return firstLine(text);
    default:
      return 'oclif' in error ? firstLine(text) : undefined;
  }
}

/** A value that did not parse: name what was given and, from the definition, what is expected. */
function invalidValue(
  name: string,
  flag: FlagShape | undefined,
  reason: string,
  argv: readonly string[],
): string {
  const received = valueOf(argv, name, flag?.char);
  const given = received === undefined ? '' : ` ${JSON.stringify(received)}`;
  return `invalid value${given} for ${flagLabel(name, flag)}: ${expectation(flag, reason)}`;
}

function expectation(flag: FlagShape | undefined, reason: string): string {
  if (flag?.options) return `expected one of ${flag.options.join(', ')}`;
  if (flag && (flag.min !== undefined || flag.max !== undefined)) {
    if (flag.min !== undefined && flag.max !== undefined)
      return `expected a whole number from ${flag.min} to ${flag.max}`;
    return flag.min !== undefined
      ? `expected a whole number ≥ ${flag.min}`
      : `expected a whole number ≤ ${String(flag.max)}`;
  }
  if (/^Expected an integer/.test(reason)) return 'expected a whole number';
  // Our own parsers (durations) say what they expect.
  return reason.trim();
}

function failedValidation(text: string, command: CommandShape): string {
  const reasons = text
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('See more help'));
  return reasons
    .map((reason) => {
      const missing = /^Missing required flag ([\w-]+)$/.exec(reason);
      if (!missing) return reason;
      const name = missing[1] ?? '';
      return `missing required flag ${flagLabel(name, command.flags[name])}${described(command.flags[name])}`;
    })
    .join('; ');
}

function flagLabel(name: string, flag: FlagShape | undefined): string {
  return flag?.char ? `-${flag.char}/--${name}` : `--${name}`;
}

function described(flag: FlagShape | undefined): string {
  return flag?.description ? `: ${flag.description}` : '';
}

/** What the user gave a flag: `--name value`, `--name=value`, `-c value` or `-cvalue`. */
function valueOf(
  argv: readonly string[],
  name: string,
  char: string | undefined,
): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? '';
    if (word === '--') break;
    if (word === `--${name}` || (char !== undefined && word === `-${char}`)) return argv[index + 1];
    if (word.startsWith(`--${name}=`)) return word.slice(name.length + 3);
    if (char !== undefined && word.startsWith(`-${char}`) && !word.startsWith('--'))
      return word.slice(2).replace(/^=/, '');
  }
  return undefined;
}

function suggestFlag(typed: string, flags: Readonly<Record<string, FlagShape>>): string {
  const name = typed.replace(/^-+/, '').split('=')[0] ?? '';
  let best: { name: string; distance: number } | undefined;
  for (const candidate of Object.keys(flags)) {
    const candidateDistance = distance(name, candidate);
    if (best === undefined || candidateDistance < best.distance)
      best = { name: candidate, distance: candidateDistance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(name.length / 3))
    ? ` (did you mean --${best.name}?)`
    : '';
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? text
  );
}
