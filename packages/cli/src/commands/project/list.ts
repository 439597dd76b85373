import { listProjects } from '@kusion/core';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class ProjectList extends KusionCommand {
  static override summary = 'List the projects with releases, by workspace';
  static override examples = [
    '<%= config.bin %> project list',
    '<%= config.bin %> project list --workspace dev --workspace prod',
    '<%= config.bin %> project list --all --json',
  ];
  static override flags = {
    workspace: Flags.string({
      description:
        'Only projects with releases in this workspace (repeatable; default: the current one)',
      multiple: true,
    }),
    all: Flags.boolean({ char: 'a', description: 'Every workspace', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ProjectList);
    const { projects } = await listProjects({
      ...this.engineOptions(),
      workspaces: flags.all ? 'all' : flags.workspace,
    });
    this.emit({ projects }, () => {
      const lines = Object.entries(projects).map(
        ([project, names]) => `${project}  (${names.join(', ')})`,
      );
      return lines.length ? lines.join('\n') : 'No projects with releases.';
    });
  }
}
