import { switchWorkspace } from '@kusion/core';
import { Args } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class WorkspaceSwitch extends KusionCommand {
  static override summary = 'Make a workspace the current one';
  static override examples = ['<%= config.bin %> workspace switch prod'];
  static override args = { name: Args.string({ description: 'Workspace name', required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(WorkspaceSwitch);
    await switchWorkspace({ ...this.engineOptions(), name: args.name });
    this.emit({ current: args.name }, () => `Current workspace: ${args.name}`);
  }
}
