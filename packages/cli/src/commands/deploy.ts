import { deploy, rollout } from '@kusion/core';
import type { Interfaces } from '@oclif/core';
import { KusionError } from '@kusion/sdk';
import { Flags } from '@oclif/core';
import { ChangeCommand, changeFlags } from '../change-command.js';
import { EXIT } from '../base-command.js';
import { kusionOutputFlags, kusionStackFlags, parseArguments, splitList } from '../flags.js';
import { createRolloutIoHost } from '../output/rollout-io-host.js';
import { rolloutDocument, rolloutSummaryText } from '../output/rollout-view.js';

export default class Deploy extends ChangeCommand {
  static override aliases = ['apply'];
  static override summary = 'Apply the stack to a workspace';
  static override description =
    'Plans the stack (three-way: recorded state, spec, live), shows the plan, asks for confirmation (unless --yes), then applies it in dependency order, in parallel, recording a release.';
  static override examples = [
    '<%= config.bin %> deploy',
    '<%= config.bin %> deploy --workspace prod --yes',
    '<%= config.bin %> deploy -W dev,staging,prod --yes',
    '<%= config.bin %> deploy --target test:app --dry-run',
    '<%= config.bin %> deploy --spec-file spec.yaml --yes --json',
    '<%= config.bin %> deploy --yes --timings',
    '<%= config.bin %> deploy --yes --skip-preview',
    '<%= config.bin %> apply -y -o json -D env=prod',
  ];
  static override flags = {
    ...changeFlags,
    ...kusionStackFlags,
    ...kusionOutputFlags,
    'dry-run': Flags.boolean({ description: 'Show the plan and stop', default: false }),
    'skip-preview': Flags.boolean({
      description:
        'Apply without reading or planning each resource first (CI): the changes are reported from what the provider returns',
      default: false,
      exclusive: ['dry-run'],
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Deploy);
    if (flags.workspace !== undefined && isWaveList(flags.workspace)) {
      await this.rollout(flags);
      return;
    }
    const io = this.createIo({ showsPlan: true, isDetailed: flags.detail, showsAll: flags.all });
    await this.runChange(
      'deploy',
      io,
      () =>
        deploy({
          ...this.changeOptions(flags),
          ...this.engineOptions(io),
          specFile: flags['spec-file'],
          typecheck: flags.typecheck,
          dryRun: flags['dry-run'],
          skipPreview: flags['skip-preview'],
          arguments: parseArguments(flags.argument),
        }),
      { showsTimings: flags.timings },
    );
  }

  /** `deploy -W dev,staging,prod`: the shorthand of `rollout --workspaces dev,staging,prod`. */
  private async rollout(flags: Interfaces.InferredFlags<typeof Deploy.flags>): Promise<void> {
    if (flags['spec-file'] !== undefined)
      throw new KusionError('INVALID_ARGUMENT', '--spec-file deploys one workspace, not several', {
        hint: 'deploy the Spec to one workspace at a time, or roll the stack out without --spec-file',
      });
    const io = createRolloutIoHost(
      this.ioOptions({ isDetailed: flags.detail, showsAll: flags.all }),
    );
    const result = await rollout({
      ...this.engineOptions(io),
      workspaces: flags.workspace,
      workdir: flags.workdir,
      dryRun: flags['dry-run'],
      yes: flags.yes,
      concurrency: flags.concurrency,
      targets: flags.target,
      ignoreFields: splitList(flags['ignore-fields']),
      timeoutMs: flags.timeout,
      lockTimeoutMs: flags['lock-timeout'],
      forceUnlock: flags['force-unlock'],
      watch: flags.watch,
      forceConflicts: flags['force-conflicts'],
    });
    this.emit(rolloutDocument(result), () => rolloutSummaryText(result, this.terminal.colors));
    if (result.rollout.status !== 'succeeded' && !result.isDryRun)
      this.exit(this.wasInterrupted ? EXIT.interrupted : EXIT.error);
  }
}

/** `dev,prod` or `[eu,us]`: several workspaces, a rollout. */
function isWaveList(workspace: string): boolean {
  return /[,[\]]/.test(workspace);
}
