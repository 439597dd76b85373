/**
 * Where output goes: one JSON document on stdout with `--json`; otherwise human text, live on a
 * TTY and plain lines elsewhere. Colors follow the TTY and NO_COLOR / FORCE_COLOR.
 */
import pc from 'picocolors';

export type OutputMode = 'json' | 'tty' | 'plain';
export type Colors = ReturnType<typeof pc.createColors>;

export interface Terminal {
  readonly mode: OutputMode;
  /** Whether a person can answer a prompt. */
  readonly isInteractive: boolean;
  readonly colors: Colors;
  readonly stdout: NodeJS.WriteStream;
  out(text: string): void;
  err(text: string): void;
}

export function createTerminal(options: {
  readonly json: boolean;
  /** `--no-style` (Kusion's flag): plain lines, no colours, no live progress. */
  readonly isUnstyled?: boolean;
}): Terminal {
  const isTty = process.stdout.isTTY && process.env.TERM !== 'dumb' && options.isUnstyled !== true;
  const mode: OutputMode = options.json ? 'json' : isTty ? 'tty' : 'plain';
  return {
    mode,
    isInteractive: process.stdin.isTTY && process.stdout.isTTY,
    // Off a terminal only when asked for (FORCE_COLOR, --color); NO_COLOR and --no-color always win.
    colors: pc.createColors(
      pc.isColorSupported &&
        options.isUnstyled !== true &&
        (mode === 'tty' || Boolean(process.env.FORCE_COLOR) || process.argv.includes('--color')),
    ),
    stdout: process.stdout,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
