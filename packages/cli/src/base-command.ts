/**
 * The one base command: flags common to all, the single `catch`, exit codes, the `--json`
 * envelope, and Ctrl-C. Commands stay thin wrappers over @kusion/core.
 */
import { CancelledError, formatDiagnostic, isKusionError } from '@kusion/sdk';
import type { Diagnostic } from '@kusion/sdk';
import { Command, Flags } from '@oclif/core';
import { createTerminal } from './output/terminal.js';
import type { Terminal } from './output/terminal.js';
import { jsonEnvelope } from './output/json-envelope.js';
import type { JsonWarning } from './output/json-envelope.js';
import { createTerminalIoHost } from './output/terminal-io-host.js';
import type { TerminalIoHost, TerminalIoHostOptions } from './output/terminal-io-host.js';
import { describeUsageError } from './usage-errors.js';
import type { CommandShape } from './usage-errors.js';

/**
 * 0 success; 1 error; 2 changes present or drift found; 3 locked by another run (or the run lost
 * its lock); 130 Ctrl-C (128 + SIGINT); 143 SIGTERM (128 + 15).
 */
export const EXIT = {
  ok: 0,
  error: 1,
  changes: 2,
  locked: 3,
  interrupted: 130,
  terminated: 143,
} as const;

/** The signals that stop a run: Ctrl-C, and SIGTERM (CI cancellation, a pod being stopped). */
type StopSignal = 'SIGINT' | 'SIGTERM';

export abstract class KusionCommand extends Command {
  static override baseFlags = {
    json: Flags.boolean({
      description: 'Print exactly one JSON document on stdout',
      default: false,
    }),
    debug: Flags.boolean({ description: 'Show debug messages and stack traces', default: false }),
    // picocolors reads --no-color (and NO_COLOR) itself; declared so that oclif accepts it.
    color: Flags.boolean({
      description:
        'Colour the output; --no-color (or NO_COLOR=1) turns it off (default: on a terminal)',
      allowNo: true,
      helpGroup: 'GLOBAL',
    }),
    backend: Flags.string({
      description:
        'Backend named in $KUSION_HOME/config.yaml (default: KUSION_BACKEND, then backends.current, then local)',
      helpGroup: 'GLOBAL',
    }),
    style: Flags.boolean({
      description:
        "Style the output; --no-style (Kusion's flag) prints plain lines: no colours, no live progress",
      allowNo: true,
      helpGroup: 'GLOBAL',
    }),
  };

  private terminalInUse: Terminal | undefined;
  protected isDebug = false;
  private backendName: string | undefined;
  /** First Ctrl-C: nothing new starts. */
  private readonly stopController = new AbortController();
  /** Second Ctrl-C: in-flight provider calls are aborted too. */
  private readonly abortController = new AbortController();
  private interrupts = 0;
  /** The first signal that stopped the run: it decides the exit code. */
  private stoppedBy: StopSignal | undefined;
  /** Warnings the engine gave during the command, for the JSON envelope. */
  private readonly warnings: JsonWarning[] = [];

  override async init(): Promise<void> {
    await super.init();
    const { flags } = await this.parse(this.ctor);
    this.isDebug = flags.debug === true;
    this.backendName = typeof flags.backend === 'string' ? flags.backend : undefined;
    // `-o json` (Kusion's documents) takes stdout like --json: nothing else is printed there.
    // Only where -o is Kusion's output format (generate's -o is a file, as in Kusion).
    const commandFlags = this.ctor.flags as
      Record<string, { options?: readonly string[] } | undefined> | undefined;
    const outputFlag = commandFlags?.output;
    const isKusionJson =
      outputFlag?.options?.includes('json') === true &&
      (flags as { output?: unknown }).output === 'json';
    this.isKusionJson = isKusionJson && (flags as { json?: unknown }).json !== true;
    this.terminalInUse = createTerminal({
      json: flags.json === true || this.isKusionJson,
      isUnstyled: flags.style === false,
    });
  }

  /** `-o json`: print KusionStack Kusion's document (`emitKusion`), not our envelope. */
  protected isKusionJson = false;

  /**
   * Prints KusionStack Kusion's JSON document as Kusion does (no envelope) with `-o json`; else
   * like `emit`.
   */
  protected emitKusion(
    kusion: () => unknown,
    document: object,
    human: () => string | undefined,
  ): void {
    if (this.isKusionJson) {
      this.terminal.out(JSON.stringify(kusion(), null, 4));
      // Kusion's document has no place for them: on stderr, never lost.
      for (const warning of this.warnings) this.terminal.err(`Warning: ${warning.message}`);
      return;
    }
    this.emit(document, human);
  }

  /** Set up in `init`; before that (a flag error), decided from argv. */
  protected get terminal(): Terminal {
    return (this.terminalInUse ??= createTerminal({
      json: process.argv.includes('--json') || isKusionJsonArgv(process.argv),
    }));
  }

  /** Whether Ctrl-C or SIGTERM stopped this run: it then exits 130 or 143, whatever else failed. */
  protected get wasInterrupted(): boolean {
    return this.stoppedBy !== undefined;
  }

  /** 130 after Ctrl-C, 143 after SIGTERM. */
  protected get interruptedExitCode(): number {
    return this.stoppedBy === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  }

  /**
   * Ctrl-C or SIGTERM: the first stops scheduling and lets in-flight operations finish (within
   * the grace period, after which they are aborted and recorded as pending); the second aborts
   * them at once (providers stop waiting); either way the release is recorded failed and the lock
   * released. The third quits at once.
   */
  private listenForInterrupts(): void {
    if (process.listenerCount('SIGINT') || process.listenerCount('SIGTERM')) return;
    const onSignal = (signal: StopSignal): void => {
      const what = signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM';
      const again = signal === 'SIGINT' ? 'Ctrl-C again' : 'another SIGTERM';
      this.interrupts++;
      this.stoppedBy ??= signal;
      if (this.interrupts === 1) {
        this.terminal.err(
          `Stopping (${what}): no new operations start; waiting for those in flight (${again} to abort them)`,
        );
        this.stopController.abort(
          new CancelledError(
            signal === 'SIGINT' ? 'interrupted by Ctrl-C' : 'terminated by SIGTERM',
          ),
        );
      } else if (this.interrupts === 2) {
        this.terminal.err(`Aborting the operations in flight (${again} to quit at once)`);
        this.abortController.abort(new CancelledError(`aborted by a second ${what}`));
      } else {
        process.exit(this.interruptedExitCode);
      }
    };
    process.on('SIGINT', () => {
      onSignal('SIGINT');
    });
    process.on('SIGTERM', () => {
      onSignal('SIGTERM');
    });
  }

  /** What every call into core takes: the IoHost, the Ctrl-C signals, the chosen backend. */
  protected engineOptions(io: TerminalIoHost = this.createIo()): {
    io: TerminalIoHost;
    signal: AbortSignal;
    abortSignal: AbortSignal;
    backendName: string | undefined;
  } {
    this.listenForInterrupts();
    return {
      io,
      signal: this.stopController.signal,
      abortSignal: this.abortController.signal,
      backendName: this.backendName,
    };
  }

  protected createIo(
    options: {
      readonly showsPlan?: boolean;
      readonly isDetailed?: boolean;
      readonly showsAll?: boolean;
    } = {},
  ): TerminalIoHost {
    return createTerminalIoHost(this.ioOptions(options));
  }

  /** What an IoHost of this command is built from (a command with its own host uses it too). */
  protected ioOptions(
    options: {
      readonly showsPlan?: boolean;
      readonly isDetailed?: boolean;
      readonly showsAll?: boolean;
    } = {},
  ): TerminalIoHostOptions {
    return {
      terminal: this.terminal,
      isDebug: this.isDebug,
      showsPlan: options.showsPlan ?? false,
      isDetailed: options.isDetailed ?? false,
      onWarning: (warning) => this.warnings.push(warning),
      showsAll: options.showsAll ?? false,
    };
  }

  /** A warning of the command itself: in the envelope's `warnings` with --json, on stderr otherwise. */
  protected addWarning(code: string, message: string): void {
    this.warnings.push({ code, message });
    if (this.terminal.mode !== 'json')
      this.terminal.err(this.terminal.colors.yellow(`Warning: ${message}`));
  }

  /** Prints the document in the JSON envelope with --json, else the human text. */
  protected emit(document: object, human: () => string | undefined): void {
    if (this.terminal.mode === 'json') {
      this.terminal.out(JSON.stringify(jsonEnvelope(document, this.warnings), null, 2));
      return;
    }
    const text = human();
    if (text !== undefined) this.terminal.out(text);
  }

  protected override catch(
    error: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<void> {
    // oclif signals a normal exit (this.exit) with an error carrying the code.
    if (
      error.oclif?.exit !== undefined &&
      !isKusionError(error) &&
      error.message.startsWith('EEXIT')
    )
      throw error;
    const terminal = this.terminal;
    const isDebug = this.isDebug || process.argv.includes('--debug');
    const { code, message, hint } = describeError(error, this.commandShape(), this.config.bin);
    const diagnostics = 'diagnostics' in error ? (error.diagnostics as readonly Diagnostic[]) : [];
    const exitCode = this.wasInterrupted
      ? this.interruptedExitCode
      : code === 'LOCKED'
        ? EXIT.locked
        : EXIT.error;
    if (terminal.mode === 'json') {
      const details = {
        ...(diagnostics.length > 1 ? { diagnostics } : {}),
        // POLICY_FAILED: every rule broken, by resource (and workspace, in a rollout).
        ...('violations' in error && Array.isArray(error.violations)
          ? { violations: error.violations as unknown[] }
          : {}),
      };
      const document = {
        status: 'error',
        error: { code, message, ...(hint ? { hint } : {}), ...details },
      };
      terminal.out(JSON.stringify(jsonEnvelope(document, this.warnings), null, 2));
    } else {
      terminal.err(`${terminal.colors.red(`Error [${code}]:`)} ${message}`);
      // Every further problem on its own line: fix them all in one go.
      for (const diagnostic of diagnostics.slice(1))
        terminal.err(`  ${formatDiagnostic(diagnostic)}`);
      if (hint) terminal.err(`${terminal.colors.dim('Hint:')} ${hint}`);
    }
    if (isDebug && error.stack) terminal.err(error.stack);
    process.exitCode = exitCode;
    this.exit(exitCode);
  }

  /** The definitions a flag or argument error is explained with. */
  private commandShape(): CommandShape & { readonly argv: readonly string[] } {
    const flags = { ...this.ctor.baseFlags, ...this.ctor.flags } as CommandShape['flags'];
    return {
      id: this.id ?? this.ctor.id,
      flags,
      args: this.ctor.args as CommandShape['args'],
      argv: this.argv,
    };
  }
}

/** `-o json`, `-ojson`, `--output json`, `--output=json` before flags are parsed (an early error). */
function isKusionJsonArgv(argv: readonly string[]): boolean {
  return argv.some(
    (arg, index) =>
      arg === '-ojson' ||
      arg === '--output=json' ||
      ((arg === '-o' || arg === '--output') && argv[index + 1] === 'json'),
  );
}

function describeError(
  error: Error,
  command: CommandShape & { readonly argv: readonly string[] },
  bin: string,
): { code: string; message: string; hint: string | undefined } {
  if (isKusionError(error))
    return { code: String(error.code), message: error.message, hint: error.hint };
  const usage = describeUsageError(error, command, command.argv, bin);
  if (usage) return { code: 'INVALID_ARGUMENT', ...usage };
  return {
    code: 'INTERNAL',
    message: error.message,
    hint: 'this is a bug in Kusion; rerun with --debug and report it with the output',
  };
}
