import { updateWorkspace } from '@kusion/core';
import { Args, Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class WorkspaceUpdate extends KusionCommand {
  static override summary = 'Replace a workspace with the content of a file';
  static override examples = ['<%= config.bin %> workspace update dev -f workspaces/dev.yaml'];
  static override args = { name: Args.string({ description: 'Workspace name', required: true }) };
  static override flags = {
    file: Flags.string({ char: 'f', description: 'Workspace file (YAML)', required: true }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(WorkspaceUpdate);
    const workspace = await updateWorkspace({
      ...this.engineOptions(),
      name: args.name,
      file: flags.file,
    });
    this.emit({ workspace }, () => `Updated workspace ${workspace.name}`);
  }
}
