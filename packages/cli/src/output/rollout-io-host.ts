/**
 * The IoHost of `kusion rollout`: several stacks and workspaces run at once, so progress is plain
 * lines (on a terminal too) each naming its workspace — the one plan, each wave and its gates, each
 * resource as it finishes, each stack in each workspace as it ends, rollbacks — and the two
 * questions a rollout asks: the one confirmation, and each pause.
 */
import { createInterface } from 'node:readline/promises';
import { KusionError } from '@kusion/sdk';
import type { ChangeAction, IoHost, IoMessage, IoMessageCode, IoRequest } from '@kusion/sdk';
import { colorAction } from './plan-view.js';
import { renderRolloutPlan } from './rollout-view.js';
import { planViewOptions } from './terminal-io-host.js';
import type { TerminalIoHost, TerminalIoHostOptions } from './terminal-io-host.js';
import { formatDuration } from './terminal.js';

const QUESTIONS = new Set(['CONFIRM_ROLLOUT', 'CONFIRM_WAVE']);

const PAST_TENSE: Record<ChangeAction, string> = {
  Create: 'Created',
  Update: 'Updated',
  Replace: 'Replaced',
  Delete: 'Deleted',
  UnChanged: 'Unchanged',
};

/** Messages of each release the rollout already shows its own way. */
const QUIET = new Set([
  'PLAN_START',
  'PLAN_READY',
  'APPLY_START',
  'RESOURCE_START',
  'RESOURCE_PROGRESS',
]);

export function createRolloutIoHost(options: TerminalIoHostOptions): TerminalIoHost {
  const { terminal } = options;
  const { colors } = terminal;
  const where = (message: IoMessage): string =>
    message.target ? colors.dim(`[${message.target.workspace}/${message.target.stack}] `) : '';

  const renderers: {
    [C in IoMessageCode]?: (message: IoMessage<C>) => string | undefined;
  } = {
    ROLLOUT_PLAN_READY: (message) =>
      renderRolloutPlan(message.data.plan, planViewOptions(terminal, options)),
    ROLLOUT_WAVE_START: (message) => `\n${colors.bold(message.message)}`,
    ROLLOUT_GATE: (message) =>
      message.data.isPassed === false
        ? colors.yellow(`⏸ ${message.message}`)
        : colors.dim(`⏵ ${message.message}`),
    ROLLOUT_TARGET_START: (message) => colors.dim(`→ ${message.message}`),
    ROLLOUT_TARGET_DONE: ({ data }) => {
      const scope = `[${data.workspace}/${data.stack}]`;
      const took = formatDuration(data.durationMs);
      if (data.status === 'failed')
        return colors.red(`✖ ${scope} failed after ${took}: ${data.error ?? ''}`);
      if (data.status === 'unchanged') return colors.dim(`= ${scope} no changes`);
      return colors.green(`✔ ${scope} revision ${data.revision ?? '?'} in ${took}`);
    },
    ROLLOUT_WAVE_DONE: (message) =>
      message.data.status === 'failed' ? colors.red(message.message) : undefined,
    ROLLOUT_ROLLBACK: (message) =>
      message.data.status === 'failed'
        ? colors.red(`↩ ${message.message}`)
        : `↩ ${message.message}`,
    RESOURCE_DONE: (message) => {
      const { data } = message;
      const mark = data.status === 'succeeded' ? colors.green('✔') : colors.red('✖');
      const error = data.error === undefined ? '' : `: ${data.error}`;
      const done = colorAction(data.action, colors).replace(data.action, PAST_TENSE[data.action]);
      return `  ${mark} ${where(message)}${done} ${data.id} (${formatDuration(data.durationMs)})${error}`;
    },
    RESOURCE_RETRY: (message) => colors.yellow(`  ⟳ ${where(message)}${message.message}`),
  };
  const render = (message: IoMessage): string | undefined =>
    (renderers[message.code] as ((message: IoMessage) => string | undefined) | undefined)?.(
      message,
    );

  const host: IoHost = {
    notify(message) {
      const isWarning =
        (message.level === 'warn' || message.level === 'error') &&
        ![
          'RESOURCE_DONE',
          'ROLLOUT_TARGET_DONE',
          'ROLLOUT_WAVE_DONE',
          'ROLLOUT_ROLLBACK',
          'ROLLOUT_GATE',
        ].includes(message.code);
      if (isWarning) options.onWarning?.({ code: message.code, message: message.message });
      if (terminal.mode === 'json') {
        if (options.isDebug && (message.level === 'debug' || message.level === 'trace'))
          terminal.err(message.message);
        return;
      }
      if (message.code in renderers) {
        const text = render(message);
        if (text !== undefined) terminal.out(text);
        return;
      }
      if (QUIET.has(message.code)) return;
      if (message.level === 'debug' || message.level === 'trace') {
        if (options.isDebug) terminal.err(colors.dim(`${where(message)}${message.message}`));
      } else if (isWarning) {
        terminal.err(colors.yellow(`Warning: ${where(message)}${message.message}`));
      } else {
        terminal.err(`${where(message)}${message.message}`);
      }
    },
    async requestResponse<R>(request: IoRequest<R>): Promise<R> {
      if (!QUESTIONS.has(request.code)) return request.defaultResponse;
      if (!terminal.isInteractive || terminal.mode === 'json') {
        throw new KusionError(
          'CONFIRMATION_REQUIRED',
          `refusing to ${request.code === 'CONFIRM_WAVE' ? 'start the next wave' : 'roll out changes'} without confirmation: nobody can answer the prompt (stdin is not a terminal)`,
          { hint: 'review the plan with `kusion rollout --dry-run`, then pass --yes' },
        );
      }
      const readline = createInterface({ input: process.stdin, output: process.stdout });
      try {
        const answer = (await readline.question(`\n${request.message} (yes/no): `))
          .trim()
          .toLowerCase();
        return (answer === 'yes' || answer === 'y') as R;
      } finally {
        readline.close();
      }
    },
  };
  return { ...host, finish: () => undefined };
}
