import { rollout } from '@kusion/core';
import type { RolloutResult } from '@kusion/core';
import { Flags } from '@oclif/core';
import { EXIT, KusionCommand } from '../../base-command.js';
import { applyFlags, planFlags, splitList } from '../../flags.js';
import { createRolloutIoHost } from '../../output/rollout-io-host.js';
import { rolloutDocument, rolloutSummaryText } from '../../output/rollout-view.js';

const { 'spec-file': _specFile, ...rolloutPlanFlags } = planFlags;

export const rolloutFlags = {
  workspaces: Flags.string({
    char: 'W',
    description:
      'Workspaces in waves: comma-separated, a bracketed group deployed in parallel, e.g. dev,[eu,us],prod (default: rollout.yaml)',
  }),
  workdir: Flags.string({
    char: 'w',
    description:
      'Stack folder, or with --all-stacks any folder of the project (default: the current one)',
  }),
  file: Flags.string({
    char: 'f',
    description:
      'Rollout file naming waves, gates and options (default: rollout.yaml in the project folder)',
  }),
  'all-stacks': Flags.boolean({
    description:
      'Deploy every stack of the project in each workspace, in dependency order ($kusion_path.<stack>/<id>.<attr> references)',
  }),
  pause: Flags.boolean({
    description: 'Ask before every wave after the first (--yes answers)',
  }),
  'rollback-on-failure': Flags.boolean({
    description:
      'When a stack fails, roll back every stack the rollout changed to its previous revision',
  }),
  readiness: Flags.boolean({
    description: "Before a wave, wait until the previous wave's resources are ready (default: on)",
    allowNo: true,
  }),
  'dry-run': Flags.boolean({
    description: 'Show the plan of every workspace and stop',
    default: false,
  }),
  detail: Flags.boolean({
    description: 'Show the field diffs of every change in the plan',
    default: false,
  }),
  all: Flags.boolean({
    description: 'List unchanged resources in the plan instead of counting them',
    default: false,
  }),
  ...rolloutPlanFlags,
  ...applyFlags,
};

export default class Rollout extends KusionCommand {
  static override summary =
    'Deploy the stack to several workspaces in waves, with gates between them';
  static override description =
    'Plans every workspace (and, with --all-stacks, every stack) first and shows one plan; after one confirmation deploys wave by wave — the workspaces of a wave in parallel — each stack in each workspace as an ordinary release with its own lock. Before each wave: the previous one must be ready, plugins may veto (beforeWave), and --pause asks. On a failure it stops; --rollback-on-failure returns what it changed to the previous revision. The rollout is recorded: `kusion rollout list/show`.';
  static override examples = [
    '<%= config.bin %> rollout --workspaces dev,staging,prod',
    '<%= config.bin %> rollout --workspaces dev,[eu,us],prod --yes --rollback-on-failure',
    '<%= config.bin %> rollout --all-stacks -W dev,prod --dry-run',
    '<%= config.bin %> rollout --pause --json',
  ];
  static override flags = rolloutFlags;

  async run(): Promise<void> {
    const { flags } = await this.parse(Rollout);
    const io = createRolloutIoHost(
      this.ioOptions({ isDetailed: flags.detail, showsAll: flags.all }),
    );
    const result = await rollout({
      ...this.engineOptions(io),
      workdir: flags.workdir,
      workspaces: flags.workspaces,
      file: flags.file,
      allStacks: flags['all-stacks'],
      pause: flags.pause,
      rollbackOnFailure: flags['rollback-on-failure'],
      readiness: flags.readiness,
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
    this.report(result);
  }

  /** Prints the end of a rollout and exits 1 when it did not succeed. */
  protected report(result: RolloutResult): void {
    this.emit(rolloutDocument(result), () => rolloutSummaryText(result, this.terminal.colors));
    if (result.rollout.status !== 'succeeded' && !result.isDryRun)
      this.exit(this.wasInterrupted ? EXIT.interrupted : EXIT.error);
  }
}
