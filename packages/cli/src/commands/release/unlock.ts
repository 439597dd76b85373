import { describeHolder, unlockWorkspace } from '@kusion/core';
import { KusionCommand } from '../../base-command.js';
import { stackFlags } from '../../flags.js';

export default class ReleaseUnlock extends KusionCommand {
  static override summary = "Remove the workspace's lock, whoever holds it";
  static override description =
    'Use it when a run died holding the lock. The next deploy marks an interrupted release failed and converges from its recorded state.';
  static override examples = [
    '<%= config.bin %> release unlock',
    '<%= config.bin %> release unlock --workspace prod',
  ];
  static override flags = { ...stackFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(ReleaseUnlock);
    const holder = await unlockWorkspace({
      ...this.engineOptions(),
      workspace: flags.workspace,
      workdir: flags.workdir,
    });
    this.emit({ unlocked: holder !== undefined, holder: holder ?? null }, () =>
      holder
        ? `Removed the lock held by ${describeHolder(holder)}`
        : 'The workspace was not locked.',
    );
  }
}
