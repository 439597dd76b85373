/**
 * The process entry (bin/run.js). Commands handle their own errors (KusionCommand.catch); this
 * handles what happens before a command runs or outside one — a mistyped command, a stray
 * argument, a plugin's failure — with the same promises: one line saying what was wrong, exit 1
 * (never oclif's 2, which means "changes present"), and one JSON document with `--json`.
 */
import { Config, flush, handle, run } from '@oclif/core';
import pc from 'picocolors';
import { configOptions } from './config-options.js';
import { jsonEnvelope } from './output/json-envelope.js';
import { describeCommandLineProblem, findCommandLineProblem } from './unknown-command.js';

const EXIT_ERROR = 1;

export async function main(argv: readonly string[], root: string): Promise<void> {
  const config = await Config.load(await configOptions(argv, root));
  const isJson = argv.includes('--json');
  const problem = findCommandLineProblem(config, argv);
  // On a terminal, @oclif/plugin-not-found asks "Did you mean …?" and runs the answer; a script,
  // a pipe or --json gets the error at once.
  const canAsk =
    problem?.kind === 'unknown-command' && !isJson && process.stdin.isTTY && process.stdout.isTTY;
  if (problem && !canAsk) {
    const { message, hint } = describeCommandLineProblem(problem, config.bin);
    report(
      {
        code: problem.kind === 'unknown-command' ? 'UNKNOWN_COMMAND' : 'INVALID_ARGUMENT',
        message,
        hint,
      },
      isJson,
    );
    process.exitCode = EXIT_ERROR;
    return;
  }
  try {
    await run([...argv], config);
  } catch (error) {
    await handleEscapedError(error, isJson, config.bin);
  } finally {
    await flush();
  }
}

/** A command's own `exit()` passes through; anything else is reported like a command's error. */
async function handleEscapedError(error: unknown, isJson: boolean, bin: string): Promise<void> {
  if (isExit(error)) {
    await handle(error);
    return;
  }
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  // oclif's own errors (a declined "did you mean", a help request for a command that does not exist).
  const isUsage = error instanceof Error && 'oclif' in error;
  report(
    isUsage
      ? {
          code: 'UNKNOWN_COMMAND',
          message: message.replace(
            /^command (\S+) not found\.?$/i,
            (_, id: string) => `"${id.replaceAll(':', ' ')}" is not a \`${bin}\` command`,
          ),
          hint: `\`${bin} --help\` lists the commands`,
        }
      : {
          code: 'INTERNAL',
          message,
          hint: 'this is a bug in Kusion; rerun with --debug and report it with the output',
        },
    isJson,
  );
  if (process.argv.includes('--debug') && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  process.exitCode = EXIT_ERROR;
}

function isExit(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === 'EEXIT';
}

function report(
  error: { readonly code: string; readonly message: string; readonly hint: string },
  isJson: boolean,
): void {
  if (isJson) {
    process.stdout.write(
      `${JSON.stringify(jsonEnvelope({ status: 'error', error }, []), null, 2)}\n`,
    );
    return;
  }
  const colors = pc.createColors(process.stderr.isTTY && pc.isColorSupported);
  process.stderr.write(
    `${colors.red(`Error [${error.code}]:`)} ${error.message}\n${colors.dim('Hint:')} ${error.hint}\n`,
  );
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? text
  );
}
