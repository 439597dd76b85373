import { listRollouts } from '@kusion/core';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';
import { createTable } from '../../output/terminal-libraries.js';
import { describeWaves } from '../../output/rollout-view.js';

export default class RolloutList extends KusionCommand {
  static override summary = 'List the rollouts of the project, newest first';
  static override examples = [
    '<%= config.bin %> rollout list',
    '<%= config.bin %> rollout list --json',
  ];
  static override flags = {
    workdir: Flags.string({
      char: 'w',
      description: 'A folder of the project (default: the current one)',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(RolloutList);
    const { project, rollouts } = await listRollouts({
      ...this.engineOptions(),
      workdir: flags.workdir,
    });
    this.emit({ project, rollouts }, () => {
      if (!rollouts.length) return `No rollouts yet in project ${project}.`;
      const table = createTable({
        head: ['Rollout', 'Status', 'Waves', 'Stacks', 'Created', 'User'],
        style: { head: [], border: [] },
      });
      for (const r of rollouts)
        table.push([
          r.id,
          r.status,
          describeWaves(r.waves),
          r.stacks.join(', '),
          r.createdAt,
          `${r.user}@${r.host}`,
        ]);
      return table.toString();
    });
  }
}
