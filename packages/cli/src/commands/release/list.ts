import { listReleases } from '@kusion/core';
import { KusionCommand } from '../../base-command.js';
import { createTable } from '../../output/terminal-libraries.js';
import { stackFlags } from '../../flags.js';

export default class ReleaseList extends KusionCommand {
  static override summary = 'List the releases of the stack in a workspace';
  static override examples = [
    '<%= config.bin %> release list',
    '<%= config.bin %> release list --workspace prod --json',
  ];
  static override flags = { ...stackFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(ReleaseList);
    const releases = await listReleases({
      ...this.engineOptions(),
      workspace: flags.workspace,
      workdir: flags.workdir,
    });
    this.emit({ releases }, () => {
      if (!releases.length) return 'No releases yet.';
      const table = createTable({
        head: ['Revision', 'Operation', 'Phase', 'Resources', 'Created', 'User'],
        style: { head: [], border: [] },
      });
      for (const r of releases) {
        const operation =
          r.rollbackOf === undefined ? r.operation : `${r.operation} to ${r.rollbackOf}`;
        table.push([
          r.revision,
          operation,
          r.phase,
          r.resourceCount,
          r.createdAt,
          `${r.user}@${r.host}`,
        ]);
      }
      return table.toString();
    });
  }
}
