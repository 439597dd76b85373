import { deleteWorkspace } from '@kusion/core';
import { Args } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class WorkspaceDelete extends KusionCommand {
  static override summary = 'Delete a workspace (its releases are kept)';
  static override examples = ['<%= config.bin %> workspace delete staging'];
  static override args = { name: Args.string({ description: 'Workspace name', required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(WorkspaceDelete);
    await deleteWorkspace({ ...this.engineOptions(), name: args.name });
    this.emit({ deleted: args.name }, () => `Deleted workspace ${args.name}`);
  }
}
