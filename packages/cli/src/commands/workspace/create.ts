import { createWorkspace } from '@kusion/core';
import { Args, Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class WorkspaceCreate extends KusionCommand {
  static override summary = 'Create a workspace from a file';
  static override description =
    "Stores the workspace (providers, modules, secretStore, context) in the backend. The first workspace created becomes the current one (until then the implicit, empty `default` is); --current selects it. Kusion's workspace files are accepted unchanged.";
  static override examples = [
    '<%= config.bin %> workspace create dev -f workspaces/dev.yaml',
    '<%= config.bin %> workspace create prod -f workspaces/prod.yaml --current',
  ];
  static override args = { name: Args.string({ description: 'Workspace name', required: true }) };
  static override flags = {
    file: Flags.string({ char: 'f', description: 'Workspace file (YAML)', required: true }),
    current: Flags.boolean({
      description: "Make it the current workspace (Kusion's --current)",
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(WorkspaceCreate);
    const { workspace, isCurrent } = await createWorkspace({
      ...this.engineOptions(),
      name: args.name,
      file: flags.file,
      makeCurrent: flags.current,
    });
    this.emit(
      { workspace, current: isCurrent },
      () => `Created workspace ${workspace.name}${isCurrent ? ' (current)' : ''}`,
    );
  }
}
