import { listWorkspaces } from '@kusion/core';
import { KusionCommand } from '../../base-command.js';

export default class WorkspaceList extends KusionCommand {
  static override summary = 'List workspaces; the current one is marked';
  static override examples = [
    '<%= config.bin %> workspace list',
    '<%= config.bin %> workspace list --json',
  ];

  async run(): Promise<void> {
    await this.parse(WorkspaceList);
    const { workspaces, current } = await listWorkspaces(this.engineOptions());
    this.emit({ workspaces, current: current ?? null }, () =>
      workspaces.length
        ? workspaces.map((name) => (name === current ? `* ${name}` : `  ${name}`)).join('\n')
        : 'No workspaces yet. Create one: kusion workspace create dev -f workspaces/dev.yaml',
    );
  }
}
