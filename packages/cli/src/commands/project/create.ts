import { createProject } from '@kusion/core';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class ProjectCreate extends KusionCommand {
  static override summary = 'Create a project: project.yaml in an empty folder';
  static override description =
    'The project is named after the folder (the current one, or -t/--target). Add stacks with `kusion stack create`.';
  static override examples = [
    '<%= config.bin %> project create',
    '<%= config.bin %> project create -t shop',
  ];
  static override flags = {
    target: Flags.string({ char: 't', description: 'Project folder (default: the current one)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ProjectCreate);
    const created = await createProject({ dir: flags.target });
    this.emit(created, () => `Created project '${created.name}' in ${created.dir}`);
  }
}
