/** Flags several commands share, and how durations are read (`30s`, `5m`, or plain seconds). */
import { KusionError } from '@kusion/sdk';
import { Flags } from '@oclif/core';
import ms from 'ms';

/** What a duration flag takes; the whole message of a value that is not one. */
const DURATION = 'a duration such as 30s, 5m, 1h, or a number of seconds';

export function parseDuration(input: string): number {
  const trimmed = input.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const value = ms(trimmed as ms.StringValue) as number | undefined;
  if (value === undefined || Number.isNaN(value)) throw new Error(`expected ${DURATION}`);
  if (value < 0) throw new Error(`expected ${DURATION}, not a negative one`);
  return value;
}

export const duration = Flags.custom<number>({
  parse: (input) => Promise.resolve(parseDuration(input)),
});

/** `-D key=value` (repeatable) → `{ key: value }`; the whole message of a malformed one. */
export function parseArguments(values: readonly string[] | undefined): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const value of values ?? []) {
    const equals = value.indexOf('=');
    if (equals <= 0) {
      throw new KusionError(
        'INVALID_ARGUMENT',
        `invalid value ${JSON.stringify(value)} for -D/--argument: expected key=value`,
        { hint: 'e.g. -D env=prod (repeat -D for more)' },
      );
    }
    parsed[value.slice(0, equals)] = value.slice(equals + 1);
  }
  return parsed;
}

/** KusionStack Kusion's flags of preview, apply and generate. */
export const kusionStackFlags = {
  argument: Flags.string({
    char: 'D',
    description:
      "Argument key=value for main.ts, read as ctx.args.key in defineStackWithContext((ctx) => ...) (repeatable; Kusion's --argument)",
    multiple: true,
  }),
};

/** `-o json`: KusionStack Kusion's own JSON document, for scripts written for Kusion. */
export const kusionOutputFlags = {
  output: Flags.string({
    char: 'o',
    description:
      "Print KusionStack Kusion's JSON document instead of text (e.g. preview's {stepKeys, changeSteps}); --json prints ours",
    options: ['json'],
  }),
};

export const stackFlags = {
  workspace: Flags.string({
    char: 'W',
    description: 'Workspace to use (default: the current workspace)',
  }),
  workdir: Flags.string({
    char: 'w',
    description: 'Stack folder (default: the nearest folder with stack.yaml)',
  }),
};

/** `mod list` and `mod schema`: a workspace, and where packages resolve from. */
export const moduleFlags = {
  workspace: Flags.string({
    char: 'W',
    description: 'Workspace whose modules to use (default: the current workspace)',
  }),
  workdir: Flags.string({
    char: 'w',
    description: "Resolve module packages from this folder's project (default: the current folder)",
  }),
};

/** For commands that load the stack's configuration. */
export const configurationFlags = {
  typecheck: Flags.boolean({
    description:
      'Type-check main.ts with the TypeScript compiler before loading it; --no-typecheck skips it (results are cached by content hash)',
    default: true,
    allowNo: true,
  }),
};

export const planFlags = {
  ...configurationFlags,
  'spec-file': Flags.string({
    description:
      'Use this Spec (YAML or JSON, as `kusion generate` or KusionStack Kusion writes it) instead of generating one',
  }),
  target: Flags.string({
    description: 'Only this resource id and what it depends on (repeatable)',
    multiple: true,
  }),
  'ignore-fields': Flags.string({
    description:
      'Field paths to leave out of the diff, e.g. metadata.annotations (repeatable, or comma-separated)',
    multiple: true,
  }),
  concurrency: Flags.integer({
    description:
      'Resource operations in parallel [default: what the providers ask for: 10, 50 for Kubernetes alone]',
    min: 1,
  }),
};

export const applyFlags = {
  yes: Flags.boolean({
    char: 'y',
    description: 'Apply without asking for confirmation',
    default: false,
  }),
  timeout: duration({
    description:
      'Give up after this long (e.g. 10m); resources still waiting fail with their last status',
  }),
  'lock-timeout': duration({
    description: 'Wait this long for another run to release the workspace lock (e.g. 2m)',
    default: 0,
  }),
  'force-unlock': Flags.boolean({
    description:
      'Take the workspace lock even from a run that looks alive; that run is fenced out and stops before its next write (a dead or expired holder is taken over without it)',
    default: false,
  }),
  'grace-period': duration({
    description:
      'Once stopped (Ctrl-C, SIGTERM), how long operations in flight may go on before they are aborted and recorded as pending (e.g. 1m)',
    default: 30_000,
  }),
  watch: Flags.boolean({
    description: 'Wait for resources to be ready where the provider can tell',
    default: true,
    allowNo: true,
  }),
  'force-conflicts': Flags.boolean({
    description: 'Take ownership of fields another manager owns (Kubernetes server-side apply)',
    default: false,
  }),
};

/** `--ignore-fields a,b --ignore-fields c` → [a, b, c]. */
export function splitList(values: readonly string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}
