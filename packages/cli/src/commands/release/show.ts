import { showRelease } from '@kusion/core';
import { Flags } from '@oclif/core';
import { stringify } from 'yaml';
import { KusionCommand } from '../../base-command.js';
import { stackFlags } from '../../flags.js';

export default class ReleaseShow extends KusionCommand {
  static override summary = 'Show one release: its spec and resulting state (default: the latest)';
  static override examples = [
    '<%= config.bin %> release show',
    '<%= config.bin %> release show --revision 3 --json',
  ];
  static override flags = {
    ...stackFlags,
    revision: Flags.integer({ description: 'Revision to show (default: the latest)', min: 1 }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ReleaseShow);
    const release = await showRelease({
      ...this.engineOptions(),
      workspace: flags.workspace,
      workdir: flags.workdir,
      revision: flags.revision,
    });
    this.emit(release, () => stringify(release).trimEnd());
  }
}
