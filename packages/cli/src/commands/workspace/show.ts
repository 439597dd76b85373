import { showWorkspace } from '@kusion/core';
import { Args } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';
import { toYaml } from '../../output/terminal-libraries.js';

export default class WorkspaceShow extends KusionCommand {
  static override summary = 'Show a workspace (default: the current one)';
  static override examples = [
    '<%= config.bin %> workspace show',
    '<%= config.bin %> workspace show prod --json',
  ];
  static override args = { name: Args.string({ description: 'Workspace name' }) };

  async run(): Promise<void> {
    const { args } = await this.parse(WorkspaceShow);
    const workspace = await showWorkspace({ ...this.engineOptions(), name: args.name });
    this.emit(workspace, () => toYaml(workspace).trimEnd());
  }
}
