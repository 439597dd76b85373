/**
 * The CLI's IoHost: renders the engine's coded messages for a person, and asks for confirmation
 * only when a person can answer. With `--json` it stays silent: the command prints one document.
 */
import { createInterface } from 'node:readline/promises';
import { KusionError } from '@kusion/sdk';
import type { IoHost, IoMessage, IoMessageCode, IoMessageData, IoRequest } from '@kusion/sdk';
import { renderPlan } from './plan-view.js';
import type { PlanViewOptions } from './plan-view.js';
import { createProgressView } from './progress-view.js';
import type { ProgressView } from './progress-view.js';
import type { Terminal } from './terminal.js';

export interface TerminalIoHostOptions {
  readonly terminal: Terminal;
  readonly isDebug: boolean;
  /** Show the plan as soon as it is ready (deploy and destroy, before asking). */
  readonly showsPlan: boolean;
  readonly isDetailed: boolean;
  /** Receives every warning (level warn or error, other than a resource's own outcome). */
  readonly onWarning?: (warning: { readonly code: string; readonly message: string }) => void;
  /** List unchanged resources in the plan instead of counting them (`--all`). */
  readonly showsAll?: boolean;
}

export interface TerminalIoHost extends IoHost {
  /** Ends live rendering (before the command prints its summary). */
  finish(): void;
}

/** How the plan is drawn on this terminal: cut to its width, unchanged rows only with --all. */
export function planViewOptions(
  terminal: Terminal,
  options: { readonly isDetailed: boolean; readonly showsAll?: boolean },
): PlanViewOptions {
  return {
    colors: terminal.colors,
    isDetailed: options.isDetailed,
    showsAll: options.showsAll ?? false,
    columns: terminal.mode === 'tty' ? terminal.stdout.columns : undefined,
  };
}

export function createTerminalIoHost(options: TerminalIoHostOptions): TerminalIoHost {
  const { terminal } = options;
  let progress: ProgressView | undefined;
  const view = (): ProgressView => (progress ??= createProgressView(terminal));
  const isJson = terminal.mode === 'json';

  const handlers: { [C in IoMessageCode]?: (data: IoMessageData[C], message: IoMessage) => void } =
    {
      PLAN_READY: (data) => {
        if (options.showsPlan)
          terminal.out(renderPlan(data.plan, planViewOptions(terminal, options)));
      },
      APPLY_START: (data) => {
        terminal.out('');
        view().start(data);
      },
      RESOURCE_START: (data) => {
        view().resourceStarted(data);
      },
      RESOURCE_PROGRESS: (data) => {
        view().resourceProgress(data);
      },
      RESOURCE_DONE: (data) => {
        view().resourceDone(data);
      },
      PROVIDER_DETAIL: (data) => {
        if (options.isDetailed) terminal.out(`${terminal.colors.bold(data.title)}\n${data.text}`);
      },
      RESOURCE_RETRY: (_data, message) => {
        view().note(terminal.colors.yellow(`⟳ ${message.message}`));
      },
    };

  return {
    notify(message) {
      if (
        (message.level === 'warn' || message.level === 'error') &&
        message.code !== 'RESOURCE_DONE'
      ) {
        options.onWarning?.({ code: message.code, message: message.message });
      }
      if (isJson) {
        if (options.isDebug && (message.level === 'debug' || message.level === 'trace'))
          terminal.err(message.message);
        return;
      }
      const handler = handlers[message.code] as
        ((data: unknown, message: IoMessage) => void) | undefined;
      if (handler) {
        handler(message.data, message);
        return;
      }
      if (message.level === 'debug' || message.level === 'trace') {
        if (options.isDebug) terminal.err(terminal.colors.dim(message.message));
      } else if (message.level === 'warn' || message.level === 'error') {
        const text = terminal.colors.yellow(`Warning: ${message.message}`);
        if (progress) progress.note(text);
        else terminal.err(text);
      } else if (message.code !== 'PLAN_START') {
        terminal.err(message.message);
      }
    },
    async requestResponse<R>(request: IoRequest<R>): Promise<R> {
      if (request.code !== 'CONFIRM_APPLY') return request.defaultResponse;
      if (!terminal.isInteractive || isJson) {
        throw new KusionError(
          'CONFIRMATION_REQUIRED',
          'refusing to apply changes without confirmation: nobody can answer the prompt (stdin is not a terminal)',
          {
            hint: 'review the plan with `kusion preview`, then pass --yes',
          },
        );
      }
      const readline = createInterface({ input: process.stdin, output: process.stdout });
      try {
        const answer = await readline.question(`\n${request.message} (yes/no): `);
        return (answer.trim().toLowerCase() === 'yes' || answer.trim().toLowerCase() === 'y') as R;
      } finally {
        readline.close();
      }
    },
    finish() {
      progress?.stop();
    },
  };
}
