import { showRollout } from '@kusion/core';
import { Args, Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';
import { rolloutDetailsText } from '../../output/rollout-view.js';

export default class RolloutShow extends KusionCommand {
  static override summary =
    'Show one rollout: its waves, every stack in every workspace, and the releases it made (default: the latest)';
  static override examples = [
    '<%= config.bin %> rollout show',
    '<%= config.bin %> rollout show 20250102T030405Z-a1b2c3 --json',
  ];
  static override args = {
    id: Args.string({ description: 'Rollout id, as `kusion rollout list` shows it' }),
  };
  static override flags = {
    workdir: Flags.string({
      char: 'w',
      description: 'A folder of the project (default: the current one)',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RolloutShow);
    const details = await showRollout({
      ...this.engineOptions(),
      workdir: flags.workdir,
      id: args.id,
    });
    this.emit(details, () => rolloutDetailsText(details, this.terminal.colors));
  }
}
