/** What deploy, destroy and rollback share: their flags, the call into core, and the summary. */
import type { ChangeOptions, ReleaseResult } from '@kusion/core';
import type { ReleaseOperation } from '@kusion/sdk';
import { Flags } from '@oclif/core';
import type { Interfaces } from '@oclif/core';
import { EXIT, KusionCommand } from './base-command.js';
import { applyFlags, planFlags, splitList, stackFlags } from './flags.js';
import { applyDocument, applySummaryText } from './output/apply-view.js';
import { kusionChanges } from './output/kusion-documents.js';
import { renderTimings } from './output/timings-view.js';
import type { TerminalIoHost } from './output/terminal-io-host.js';

export const changeFlags = {
  ...stackFlags,
  ...planFlags,
  ...applyFlags,
  detail: Flags.boolean({
    char: 'd',
    description: 'Show the field diffs of every change in the plan',
    default: false,
  }),
  all: Flags.boolean({
    char: 'a',
    description: 'List unchanged resources in the plan instead of counting them',
    default: false,
  }),
  timings: Flags.boolean({
    description:
      'After the summary, show where the time went: phases, slowest resources, API calls, throttles, retries and readiness waits per provider (also in --json)',
    default: false,
  }),
};

type ParsedChangeFlags = Partial<Interfaces.InferredFlags<typeof changeFlags>>;

export abstract class ChangeCommand extends KusionCommand {
  /** Core options from parsed flags. */
  protected changeOptions(
    flags: ParsedChangeFlags,
  ): ChangeOptions & { workspace: string | undefined; workdir: string | undefined } {
    return {
      workspace: flags.workspace,
      workdir: flags.workdir,
      concurrency: flags.concurrency,
      targets: flags.target,
      ignoreFields: splitList(flags['ignore-fields']),
      yes: flags.yes,
      timeoutMs: flags.timeout,
      lockTimeoutMs: flags['lock-timeout'],
      forceUnlock: flags['force-unlock'],
      gracePeriodMs: flags['grace-period'],
      watch: flags.watch,
      forceConflicts: flags['force-conflicts'],
    };
  }

  protected async runChange(
    operation: ReleaseOperation,
    io: TerminalIoHost,
    run: () => Promise<ReleaseResult>,
    options: { readonly showsTimings?: boolean | undefined } = {},
  ): Promise<void> {
    let result: ReleaseResult;
    try {
      result = await run();
    } finally {
      io.finish();
    }
    const { timings } = result;
    const showsTimings = options.showsTimings === true && timings !== undefined;
    const document = { ...applyDocument(result), ...(showsTimings ? { timings } : {}) };
    // `-o json` (Kusion's apply): the changes of the plan that was applied, in Kusion's shape.
    this.emitKusion(
      () => kusionChanges(result.plan),
      document,
      () => {
        const summary = applySummaryText(result, operation, this.terminal.colors);
        if (!showsTimings) return summary;
        const report = renderTimings(timings, this.terminal.colors);
        return summary === undefined ? report : `${summary}\n${report}`;
      },
    );
    if (result.status === 'failed')
      this.exit(this.wasInterrupted ? this.interruptedExitCode : EXIT.error);
  }
}
