import { updateWorkspace } from '@kusion/core';
import { Args, Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class WorkspaceUpdate extends KusionCommand {
  static override summary = 'Replace a workspace with the content of a file, rename or select it';
  static override description =
    'Without a name, the current workspace. --rename gives it a new name (the selection follows; its releases stay under the old name); --current selects it.';
  static override examples = [
    '<%= config.bin %> workspace update dev -f workspaces/dev.yaml',
    '<%= config.bin %> workspace update dev --rename development --current',
  ];
  static override args = {
    name: Args.string({ description: 'Workspace name (default: the current workspace)' }),
  };
  static override flags = {
    file: Flags.string({ char: 'f', description: 'Workspace file (YAML)' }),
    rename: Flags.string({ char: 'r', description: 'New name of the workspace' }),
    current: Flags.boolean({ description: 'Make it the current workspace', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(WorkspaceUpdate);
    const { workspace, isCurrent, renamedFrom } = await updateWorkspace({
      ...this.engineOptions(),
      name: args.name,
      file: flags.file,
      rename: flags.rename,
      makeCurrent: flags.current,
    });
    this.emit({ workspace, current: isCurrent, ...(renamedFrom ? { renamedFrom } : {}) }, () =>
      [
        renamedFrom
          ? `Renamed workspace ${renamedFrom} to ${workspace.name}`
          : `Updated workspace ${workspace.name}`,
        isCurrent ? ' (current)' : '',
      ].join(''),
    );
  }
}
